using System.Globalization;
using System.Text;
using DeltaModel.Bmi.Deployment;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Neural;
using static TorchSharp.torch;

namespace DeltaModel.Application;

/// <summary>
/// <c>deltamodel export-bmi</c>: a trained model folder → a deployment folder for the BMI (docs/bmi.md): the weights
/// (<see cref="WeightsFile"/>), <c>deployment.json</c> (network shape, normalization, physics bounds), the model's
/// config and statistics for the record, the native library when given, and per basin a <c>bmi_&lt;id&gt;.yaml</c> with
/// the basin's attributes, area and period and its forcing file (<c>forcings_&lt;id&gt;.csv</c>, warm-up included) — or
/// one <see cref="OneConfigFileName"/> listing every basin.
/// </summary>
public static class BmiExport
{
    /// <summary>What to export.</summary>
    /// <param name="ModelFolder">A trained model folder (config.resolved.yaml, model/).</param>
    /// <param name="Out">The deployment folder to write (created).</param>
    /// <param name="Data">Dataset folder for the basins' attributes and forcings; null = the model's own, when present.</param>
    /// <param name="Basins">Basins to write a BMI config for (none = only the model files).</param>
    /// <param name="Library">The NativeAOT-built library to copy in (DeltaModel.Bmi published with PublishAot); null = none.</param>
    /// <param name="Period">The BMI run's period; null = the model's test period.</param>
    /// <param name="OneConfig">One BMI config for all <paramref name="Basins"/> (<see cref="OneConfigFileName"/>: one
    /// instance runs them all on a points grid) instead of a <c>bmi_&lt;id&gt;.yaml</c> per basin.</param>
    public sealed record Request(string ModelFolder, string Out, string? Data = null, IReadOnlyList<string>? Basins = null, string? Library = null,
        PeriodConfig? Period = null, bool OneConfig = false);

    /// <summary>The file name of the one config of all basins (<see cref="Request.OneConfig"/>).</summary>
    public const string OneConfigFileName = "bmi_basins.yaml";

    /// <summary>The library's file name in a deployment folder.</summary>
    public static string LibraryFileName => OperatingSystem.IsWindows() ? "deltamodel_bmi.dll" : "libdeltamodel_bmi.so";

    /// <summary>Exports; returns the files written.</summary>
    /// <exception cref="RunInputException">A model the deployed engine cannot run, basins not in the data, no data for basins.</exception>
    public static IReadOnlyList<string> Export(Request request, Action<string>? log = null)
    {
        log ??= _ => { };
        var config = Application.ModelFolder.Load(request.ModelFolder);
        var blueprint = ModelBlueprint.For(config);
        using var model = blueprint.Create(null) as HybridModel
                          ?? throw new RunInputException("ModelFolder", "the model has no physics; the BMI deploys hybrid models (network → HBV).");
        var run = new RunFolder(config.OutputDir);
        var best = Path.Combine(run.Model, Checkpoint.BestFileName);
        Checkpoint.Load(File.Exists(best) ? best : run.ResumeCheckpoint, model.Module, string.Join(" | ", model.Describe()));
        var stats = NormalizationStatistics.Load(run.NormalizationStatistics);
        var manifest = Manifest(config, model, stats, blueprint);

        Directory.CreateDirectory(request.Out);
        var files = new List<string>();
        string Put(string name) { var p = Path.Combine(request.Out, name); files.Add(p); return p; }
        WeightsFile.Write(Put(WeightsFile.FileName), Weights(model, manifest.Network.MlpLayers));
        manifest.Write(Put(DeploymentManifest.FileName));
        File.Copy(run.Config, Put("config.resolved.yaml"), overwrite: true);
        File.Copy(run.NormalizationStatistics, Put(NormalizationStatistics.FileName), overwrite: true);
        if (request.Library is { } library)
        {
            if (!File.Exists(library)) throw new RunInputException("Library", $"native library not found: {library}");
            File.Copy(library, Put(LibraryFileName), overwrite: true);
        }
        log($"model: {manifest.Network.Kind} → {manifest.Physics.Name}, {new FileInfo(Path.Combine(request.Out, WeightsFile.FileName)).Length / 1024} KiB of weights");

        var basins = request.Basins ?? [];
        if (basins.Count == 0) return files;
        var dataFolder = request.Data ?? (DataSource.HasFolder(config.Data) ? config.Data.Path : null)
                         ?? throw new RunInputException("Data", $"basin configs need the basins' attributes and forcings: give --data (the model's data folder {config.Data.Path} is not here).");
        var period = request.Period ?? config.Test?.Period ?? config.Train.Period
                     ?? throw new RunInputException("Period", "no period for the BMI run: the model has no test period; give one.");
        var data = config.Data with { Path = Path.GetFullPath(dataFolder), Basins = basins, BasinFile = null };
        var inputPeriod = new DatePeriod(period.Start.AddDays(-config.Model.WarmUp), period.End);
        var dataset = DataSource.Folder(data).Load(blueprint, inputPeriod, log).SelectPeriod(inputPeriod.Start, inputPeriod.End);
        var entries = new List<string>();
        var gauges = new Lazy<IReadOnlyList<BasinCatalog.Entry>>(() => Gauges(data));
        foreach (var basin in basins)
        {
            if (!dataset.HasBasin(basin)) throw new RunInputException("Basin", $"basin {basin} is not in {dataFolder}.");
            int b = dataset.BasinIndex(basin);
            var forcingNames = manifest.Forcings.Select(f => f.Name).Concat(manifest.PhysicsForcings).Distinct().ToList();
            var days = Enumerable.Range(0, dataset.DayCount).Select(t => forcingNames.Select(n => (double)dataset.Variable(n)[t, b]).ToArray()).ToList();
            var missing = days.FindIndex(d => d.Any(double.IsNaN));
            if (missing >= 0) throw new RunInputException("Data", $"basin {basin}: forcing missing on {dataset.DateAt(missing):yyyy-MM-dd}; the BMI needs every day.");
            var forcingFile = $"forcings_{basin}.csv";
            ForcingFile.Write(Put(forcingFile), forcingNames, dataset.Start, days);
            var location = dataset.Locations[b];
            if (!double.IsFinite(location.Latitude) || !double.IsFinite(location.Longitude))
                location = gauges.Value.FirstOrDefault(g => g.Id == basin) is { } g ? location with { Latitude = g.Latitude, Longitude = g.Longitude } : location;
            var entry = BasinKeys(basin, location, manifest.Attributes.Select(a => (a.Name, dataset.Attribute(a.Name).Values[b])), forcingFile);
            if (request.OneConfig) entries.Add(entry);
            else File.WriteAllText(Put($"bmi_{basin}.yaml"), RunKeys($"basin {basin}", period) + entry);
        }
        if (request.OneConfig)
            File.WriteAllText(Put(OneConfigFileName), RunKeys($"{basins.Count} basins (one instance, a points grid)", period) + "basins:\n" +
                string.Concat(entries.Select(e => "  - " + e.Replace("\n", "\n    ").TrimEnd() + "\n")));
        log($"basins: {string.Join(", ", basins)}, {period}");
        return files;
    }

    static DeploymentManifest Manifest(ExperimentConfig config, HybridModel model, NormalizationStatistics stats, ModelBlueprint blueprint)
    {
        var physics = model.Physics;
        if (model.Coupling != CouplingMode.Of(false, false, false, false))
            throw new RunInputException("ModelFolder", $"a model coupled by {model.Coupling} cannot be deployed yet; the BMI engine runs parameter learning with one network.");
        if (physics.Name is not ("hbv" or "hbv_1_1p"))
            throw new RunInputException("ModelFolder", $"physics '{physics.Name}' cannot be deployed yet; the BMI engine runs HBV 1.0 and 1.1p (hbv, hbv_1_1p).");
        if (blueprint.Inputs.PhysicsAttributes.Count > 0)
            throw new RunInputException("ModelFolder", $"physics '{physics.Name}' reads attributes; the BMI engine does not pass them yet.");
        var flags = new ParameterMapper(physics).DynamicChannels;
        var nn = config.Model.Nn;
        bool staticHead = string.Equals(nn.Name, "lstm_mlp", StringComparison.OrdinalIgnoreCase);   // the network with a head on the attributes
        if (!staticHead && flags.Any(f => !f))
            throw new RunInputException("ModelFolder", "the model's static and routing parameters are the plain LSTM's output on the last day of a sequence (spec §10.15), " +
                                        "which a day-by-day run does not know; deploy a model trained with network 'lstm_mlp'.");
        var dynamicChannels = Enumerable.Range(0, flags.Count).Where(k => flags[k]).ToList();
        var staticChannels = Enumerable.Range(0, flags.Count).Where(k => !flags[k]).ToList();
        var order = new int[flags.Count];
        for (int i = 0; i < dynamicChannels.Count; i++) order[dynamicChannels[i]] = i;
        for (int i = 0; i < staticChannels.Count; i++) order[staticChannels[i]] = dynamicChannels.Count + i;
        int mlpLayers = nn.Options is LstmMlpOptions mlp ? mlp.MlpLayers : 0;
        var parameters = physics.Declarations.Parameters;
        var networkManifest = new NetworkManifest(nn.Name, dynamicChannels.Count > 0 ? (int)nn.HiddenSize : 0, staticHead ? mlpLayers : 0, order);
        var physicsManifest = new PhysicsManifest(physics.Name, physics.Options.Components,
            [.. parameters.Select(p => new ParameterManifest(p.Name, p.Lower, p.Upper, physics.Options.DynamicParameters.Contains(p.Name)))],
            physics.Options.Routing ? [.. physics.Declarations.RoutingParameters.Select(p => new ParameterManifest(p.Name, p.Lower, p.Upper, false))] : [],
            physics.Options.NearZero, parameters.Any(p => p.Name == "parBETAET"), parameters.Any(p => p.Name == "parC"),
            physics.WarmUpWithoutGradient, physics.Options.CarryRoutingThroughWarmUp);
        return new DeploymentManifest(DeploymentManifest.FormatName, DeploymentManifest.CurrentVersion, networkManifest,
            [.. stats.Forcings.Select(s => new InputManifest(s.Name, s.Kind.ToString(), s.Mean, s.Std))],
            [.. stats.Attributes.Select(s => new InputManifest(s.Name, s.Kind.ToString(), s.Mean, s.Std))],
            blueprint.Inputs.PhysicsForcings, physicsManifest, config.Model.WarmUp);
    }

    /// <summary>The network's weights under the engine's names (<c>lstm.input</c>, <c>lstm.ih</c>, <c>lstm.hh</c>,
    /// <c>lstm.output</c>, <c>mlp.i</c>), from the module's parameter names.</summary>
    static List<(string, long[], float[])> Weights(HybridModel model, int mlpLayers)
    {
        var result = new List<(string, long[], float[])>();
        foreach (var (name, parameter) in model.Module.named_parameters())
        {
            var engineName = EngineName(name, mlpLayers) ?? throw new RunInputException("ModelFolder", $"network weight '{name}' has no place in the BMI engine.");
            using var values = parameter.detach().cpu().to(ScalarType.Float32).contiguous();
            result.Add((engineName, values.shape, values.data<float>().ToArray()));
        }
        return result;
    }

    static string? EngineName(string name, int mlpLayers)
    {
        var parts = name.Split('.');
        string kind = parts[^1] is var last && last.StartsWith("weight", StringComparison.Ordinal) ? "weight" : "bias";
        string layer = parts[^2];
        bool inMlp = parts.Contains("mlp");
        if (inMlp) return layer == "output" ? $"mlp.{mlpLayers}.{kind}" : layer.StartsWith("linear", StringComparison.Ordinal) ? $"mlp.{layer[6..]}.{kind}" : null;
        return layer switch
        {
            "linearIn" => $"lstm.input.{kind}",
            "linearOut" => $"lstm.output.{kind}",
            _ when parts[^1].EndsWith("_ih_l0", StringComparison.Ordinal) => $"lstm.ih.{kind}",
            _ when parts[^1].EndsWith("_hh_l0", StringComparison.Ordinal) => $"lstm.hh.{kind}",
            _ => null,
        };
    }

    /// <summary>The gauges' coordinates from the dataset's describing attributes (gauge_lat, gauge_lon), for formats whose
    /// loader leaves a location without them (CAMELS-US reads the longitude from the attributes only); none when the
    /// dataset has no such attributes.</summary>
    static IReadOnlyList<BasinCatalog.Entry> Gauges(DataConfig data)
    {
        try { return BasinCatalog.Of(data.Path, data.Format, data.ForcingSource, data.AttributesPath); }
        catch (DataException) { return []; }
    }

    /// <summary>The keys of a BMI config that are the run's, not a basin's.</summary>
    static string RunKeys(string what, PeriodConfig period) => new StringBuilder()
        .AppendLine($"# DeltaModel BMI configuration for {what} (docs/bmi.md). Paths are relative to this file.")
        .AppendLine("model: .")
        .AppendLine($"start_time: {period.Start:yyyy-MM-dd}")
        .AppendLine($"end_time: {period.End:yyyy-MM-dd}")
        .AppendLine("time_step: 86400")
        .ToString();

    /// <summary>One basin's keys (at a config's top level, or an entry of its <c>basins</c> list); the gauge's
    /// coordinates when the dataset has them.</summary>
    static string BasinKeys(string basin, BasinLocation location, IEnumerable<(string Name, double Value)> attributes, string forcingFile)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .AppendLine($"basin: \"{basin}\"")
            .AppendLine($"area_km2: {F(location.AreaKm2)}");
        if (double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude))
            text.AppendLine($"latitude: {F(location.Latitude)}").AppendLine($"longitude: {F(location.Longitude)}");
        text.AppendLine($"forcing_file: {forcingFile}")
            .AppendLine("attributes:");
        foreach (var (name, value) in attributes) text.AppendLine($"  {name}: {F(value)}");
        return text.ToString();
    }
}
