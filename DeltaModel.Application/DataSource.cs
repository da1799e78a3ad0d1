using System.Diagnostics;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.Application;

/// <summary>
/// Where a run's data come from: the folder a config's <c>data</c> section names (read when the run needs it), or a
/// dataset already in memory (Import-HydroDataset, a script). Either way the source knows the data section to write
/// beside the trained model, so a saved model names the dataset it was trained on.
/// </summary>
public abstract class DataSource
{
    private protected DataSource() { }

    /// <summary>The data section of the run's resolved config.</summary>
    public abstract DataConfig Section { get; }

    /// <summary>The dataset when it is already in memory; null for a folder read at run time.</summary>
    public abstract HydroDataset? Dataset { get; }

    /// <summary>
    /// Whether the run reads <see cref="Section"/>'s folder. An in-memory dataset's section is provenance only: its
    /// folder may be on another machine, so it is not required to exist here.
    /// </summary>
    public bool ReadsFolder => Dataset is null;

    /// <summary>The folder (or basins and files) of a config's data section, read when a run starts.</summary>
    public static DataSource Folder(DataConfig data) => new FolderSource(data);

    /// <summary>
    /// Whether <paramref name="data"/> names a folder that is on this machine: false when it names none (a model built
    /// in code) or one that is not here (a trained model copied from another machine), so a run needs a dataset in memory.
    /// </summary>
    public static bool HasFolder(DataConfig data) => data.Path.Length > 0 && Directory.Exists(data.Path);

    /// <summary>A dataset in memory; its <see cref="HydroDataset.Origin"/> (when known) names where it came from.</summary>
    public static DataSource InMemory(HydroDataset dataset) => new InMemorySource(dataset);

    /// <summary>
    /// The data of <paramref name="blueprint"/>'s inputs over <paramref name="inputPeriod"/> (scored days plus warm-up;
    /// null = the folder's whole record). A folder is read with exactly those variables; a dataset in memory is returned
    /// as it is (each phase slices it).
    /// </summary>
    public abstract HydroDataset Load(ModelBlueprint blueprint, DatePeriod? inputPeriod, Action<string> log);

    /// <summary>One line for a run plan: what will be read, or what is at hand.</summary>
    public abstract string Describe();

    /// <summary>How many basins the run will see; 0 when a folder is read whole (unknown before it is read).</summary>
    public abstract int BasinCount { get; }

    sealed class FolderSource(DataConfig data) : DataSource
    {
        public override DataConfig Section => data;
        public override HydroDataset? Dataset => null;

        public override HydroDataset Load(ModelBlueprint blueprint, DatePeriod? inputPeriod, Action<string> log)
        {
            var clock = Stopwatch.StartNew();
            var spec = blueprint.Inputs;
            var dataset = DatasetLoader.Load(data, new DatasetLoader.Request(
                [.. spec.NetworkForcings, .. spec.PhysicsForcings, .. spec.Targets], [.. spec.NetworkAttributes, .. spec.PhysicsAttributes, .. blueprint.TruthAttributes], inputPeriod));
            log($"data: {dataset.Basins.Count} basins, {dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd} ({dataset.Source}) in {clock.Elapsed.TotalSeconds:F1} s");
            return dataset.WithOrigin(data);
        }

        public override string Describe() => $"{data.Format} data at {data.Path} (loaded when the run starts)";

        public override int BasinCount => data.Basins.Count > 0 ? data.Basins.Count
            : data.BasinFile is { } file ? BasinSelection.FromFile(file).Ids.Count
            : 0;
    }

    sealed class InMemorySource(HydroDataset dataset) : DataSource
    {
        // A dataset of unknown origin (built in code) has no folder to name; its basins and target still describe it.
        public override DataConfig Section => dataset.Origin is { } origin
            ? origin with { Basins = dataset.Basins, BasinFile = null, Target = dataset.TargetName }
            : new DataConfig { Path = "", Basins = dataset.Basins, Target = dataset.TargetName };

        public override HydroDataset? Dataset => dataset;

        public override HydroDataset Load(ModelBlueprint blueprint, DatePeriod? inputPeriod, Action<string> log) => dataset;

        public override int BasinCount => dataset.Basins.Count;

        public override string Describe() =>
            $"{dataset.Basins.Count} basins × {dataset.DayCount} days ({dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd}), {dataset.Dynamic.Count} variables";
    }
}
