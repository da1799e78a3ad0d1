namespace DeltaModel.Application.Tests;

/// <summary>A tiny δHBV experiment on the embedded sample (2 basins, hidden size 8, a few minibatches), and where the sample is.</summary>
internal static class TinyExperiment
{
    /// <summary>The repository root (the folder holding DeltaModel.slnx).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The CAMELS-US sample folder shipped with the repository.</summary>
    public static string Sample => Path.Combine(RepoRoot, "data", "camels-sample");

    /// <summary>Writes <c>experiment.yaml</c> into <paramref name="folder"/> (outputs go to its <c>out/</c>); returns its path.</summary>
    public static string Write(string folder, string physics = "hbv", string extra = "")
    {
        var sample = Sample.Replace('\\', '/');
        var path = Path.Combine(folder, "experiment.yaml");
        File.WriteAllText(path, $"""
            name: tiny
            mode: train_test
            data:
              format: camels
              path: {sample}
              forcing_source: nldas
              pet: oudin
              basins: ["01013500", "01022500"]
            model:
              warm_up: 30
              rho: 60
              nn:
                hidden_size: 8
                forcings: [prcp, tmean, pet]
                log_norm: [prcp]
                attributes: [p_mean, aridity]
              physics:
                name: {physics}
                nmul: 2
                dynamic_parameters: [parBETA]
            train:
              period: {"{"}start: 2000-10-01, end: 2001-09-30{"}"}
              epochs: 1
              batch_size: 2
              iterations_per_epoch: 2
            test:
              period: {"{"}start: 2001-10-01, end: 2002-03-31{"}"}
            {extra}
            """);
        return path;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (DeltaModel.slnx) not found above the test binary.");
    }
}
