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
        Expected = ReadStreamflow(Path.Combine(ModelFolder, "test", "simulation.csv"));
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
