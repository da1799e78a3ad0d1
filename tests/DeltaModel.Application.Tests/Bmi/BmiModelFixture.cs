using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// Once per test session: a tiny δHBV with an LSTM + MLP network (the kind that steps day by day) trained on two
/// sample basins and tested over two water years by the batch runner (TorchSharp), then exported with
/// <see cref="BmiExport"/> for both basins. Tests compare the BMI with the batch run's <c>test/simulation.csv</c>.
/// </summary>
public sealed class BmiModelFixture : IDisposable
{
    public static readonly string[] Basins = ["01013500", "01022500"];
    public static readonly DateOnly Start = new(2001, 10, 1), End = new(2003, 9, 30);

    public BmiModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("deltamodel-bmi-").FullName;
        var sample = TinyExperiment.Sample.Replace('\\', '/');
        var experiment = Path.Combine(Folder, "experiment.yaml");
        File.WriteAllText(experiment, $$"""
            name: bmi
            mode: train_test
            data:
              format: camels
              path: {{sample}}
              forcing_source: nldas
              pet: oudin
              basins: ["{{Basins[0]}}", "{{Basins[1]}}"]
            model:
              warm_up: 60
              rho: 60
              nn:
                name: lstm_mlp
                hidden_size: 8
                mlp_hidden_size: 8
                mlp_layers: 2
                forcings: [prcp, tmean, pet]
                log_norm: [prcp]
                attributes: [p_mean, aridity]
              physics:
                name: hbv
                nmul: 2
                dynamic_parameters: [parBETA, parBETAET]
            train:
              period: {start: 2000-10-01, end: 2001-09-30}
              epochs: 1
              batch_size: 2
              iterations_per_epoch: 2
            test:
              period: {start: {{Start:yyyy-MM-dd}}, end: {{End:yyyy-MM-dd}}}
            """);
        new ExperimentRunner(RunPlan.FromFile(experiment, new RunOverrides())).Run();
        ModelFolder = Path.Combine(Folder, "out");
        Deployment = Path.Combine(Folder, "deploy");
        BmiExport.Export(new BmiExport.Request(ModelFolder, Deployment, TinyExperiment.Sample, Basins));
        BmiExport.Export(new BmiExport.Request(ModelFolder, Deployment, TinyExperiment.Sample, Basins, OneConfig: true));
        Expected = ReadStreamflow(Path.Combine(ModelFolder, "test", "simulation.csv"));
        Experiment = experiment;
    }

    /// <summary>The experiment file the model was trained with (its run folder is <see cref="ModelFolder"/>).</summary>
    public string Experiment { get; }

    /// <summary>The config of both basins in one instance (<c>export-bmi --one-config</c>).</summary>
    public string OneConfig => Path.Combine(Deployment, BmiExport.OneConfigFileName);

    /// <summary>The batch (TorchSharp) simulation of <paramref name="period"/>, e.g. <c>{start: …, end: …}</c>, from the
    /// warm-up or from <paramref name="initialState"/>: its streamflow per basin, and a copy of its end state at <paramref name="endState"/>.</summary>
    public IReadOnlyDictionary<string, double[]> Simulate(string period, string endState, string? initialState = null)
    {
        (string, string)[] settings = [("mode", "simulate"), ("simulate.period", period), .. initialState is null ? Array.Empty<(string, string)>() : [("simulate.initial_state", initialState)]];
        new ExperimentRunner(RunPlan.FromFile(Experiment, new RunOverrides { Settings = settings })).Run();
        File.Copy(Path.Combine(ModelFolder, "simulate", ModelRun.EndStateFileName), endState, overwrite: true);
        return ReadStreamflow(Path.Combine(ModelFolder, "simulate", "simulation.csv"));
    }

    /// <summary>A config in the deployment folder (so its relative paths hold): <paramref name="source"/>'s text with
    /// start and end time replaced and <paramref name="extra"/> lines appended.</summary>
    public string DerivedConfig(string source, string name, DateOnly start, DateOnly end, params string[] extra)
    {
        var lines = File.ReadAllLines(source).Select(l =>
            l.StartsWith("start_time:", StringComparison.Ordinal) ? $"start_time: {start:yyyy-MM-dd}" :
            l.StartsWith("end_time:", StringComparison.Ordinal) ? $"end_time: {end:yyyy-MM-dd}" : l);
        var path = Path.Combine(Deployment, name);
        File.WriteAllLines(path, [.. lines, .. extra]);
        return path;
    }

    public string Folder { get; }
    public string ModelFolder { get; }
    public string Deployment { get; }

    /// <summary>The batch run's streamflow [mm/d] per basin, one value per day of the test period.</summary>
    public IReadOnlyDictionary<string, double[]> Expected { get; }

    public string ConfigOf(string basin) => Path.Combine(Deployment, $"bmi_{basin}.yaml");

    static Dictionary<string, double[]> ReadStreamflow(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        int basin = Array.IndexOf(header, "basin"), q = Array.IndexOf(header, "streamflow");
        return lines.Skip(1).Select(l => l.Split(',')).GroupBy(c => c[basin])
            .ToDictionary(g => g.Key, g => g.Select(c => double.Parse(c[q], CultureInfo.InvariantCulture)).ToArray());
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The tests that share one trained and exported model.</summary>
[CollectionDefinition(Name)]
public sealed class BmiModelCollection : ICollectionFixture<BmiModelFixture>
{
    public const string Name = "bmi model";
}
