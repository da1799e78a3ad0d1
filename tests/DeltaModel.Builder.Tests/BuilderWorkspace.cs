using DeltaModel.Builder;

namespace DeltaModel.Builder.Tests;

/// <summary>
/// A scratch workspace with a tiny experiment (2 sample basins, 1 epoch of 3 minibatches, hidden size 8) and a
/// builder serving it. The data are the repository's CAMELS sample, read where they are.
/// </summary>
public sealed class BuilderWorkspace : IAsyncDisposable
{
    public const string Experiment = "experiments/tiny/experiment.yaml";

    public const string Header = "# A tiny experiment for the builder's tests: 2 sample basins, 1 epoch.";

    BuilderWorkspace(string root, BuilderServer server)
    {
        Root = root;
        Server = server;
    }

    public string Root { get; }
    public BuilderServer Server { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The repository's data folder (the CAMELS sample is in it), a data root of the builders these tests start.</summary>
    public static string DataRoot => Path.Combine(RepoRoot, "data");

    public static async Task<BuilderWorkspace> Start()
    {
        var root = Directory.CreateTempSubdirectory("deltamodel-builder-").FullName;
        var file = Path.Combine(root, Experiment);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, TinyExperiment());
        // The sample data lie outside the scratch workspace: the repository's data/ is a data root, as --data-root makes it.
        var server = await BuilderServer.Start(new BuilderOptions { Workspace = root, DataRoots = [DataRoot] });
        return new BuilderWorkspace(root, server);
    }

    public static string TinyExperiment() => $$"""
        {{Header}}
        name: tiny
        mode: train_test
        output_dir: out

        data:
          format: camels
          path: {{Path.Combine(RepoRoot, "data", "camels-sample")}}
          forcing_source: nldas
          pet: oudin
          basins: ["01013500", "01022500"]

        model:
          warm_up: 60   # short windows keep the test fast
          rho: 60
          nn:
            name: lstm
            hidden_size: 8
            forcings: [prcp, tmean, pet]
            attributes: [p_mean, aridity, frac_snow]
          physics:
            name: hbv
            nmul: 2
            dynamic_parameters: [parBETA]

        train:
          period: {start: 2000-10-01, end: 2002-09-30}
          epochs: 1
          batch_size: 2
          iterations_per_epoch: 3

        test:
          period: {start: 2012-10-01, end: 2013-09-30}
        """;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (DeltaModel.slnx) not found above the test folder.");
    }
}
