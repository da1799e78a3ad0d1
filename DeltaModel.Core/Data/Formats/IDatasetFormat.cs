namespace DeltaModel.Core.Data.Formats;

/// <summary>
/// One on-disk dataset layout: how to recognise its folder, load it and list the files a load reads. Registered once
/// in <see cref="DatasetFormats"/>; the CLI, the cmdlets, the config validation and the experiment workspace all ask
/// the registry, so a new layout is one class implementing this plus one registration line.
/// </summary>
public interface IDatasetFormat
{
    /// <summary>The name users write: <c>data.format</c> in an experiment file, <c>--format</c> on the command line.</summary>
    string Name { get; }

    /// <summary>The layout in words, for messages (e.g. "raw CAMELS-US").</summary>
    string Layout { get; }

    /// <summary>What <see cref="Detect"/> looks for, for messages (e.g. "basin_mean_forcing/ here or in camels_us/").</summary>
    string Marker { get; }

    /// <summary>The forcing products a request may choose between; empty when the layout has a single one.</summary>
    IReadOnlyList<string> ForcingSources { get; }

    /// <summary>Whether <paramref name="folder"/> holds this layout (cheap: looks for the marker, reads no data).</summary>
    bool Detect(string folder);

    /// <summary>Loads the basins, period, variables and attributes of <paramref name="request"/>.</summary>
    /// <exception cref="DataException">Missing or malformed files, basins, variables or attributes (named in the message).</exception>
    HydroDataset Load(string folder, DatasetRequest request);

    /// <summary>
    /// The files a load of <paramref name="request"/> reads, as absolute paths, for incremental builds (a change to any
    /// of them must re-run the experiment). Lenient: missing folders list nothing; the load itself reports them.
    /// </summary>
    IReadOnlyList<string> InputFiles(string folder, DatasetRequest request);
}
