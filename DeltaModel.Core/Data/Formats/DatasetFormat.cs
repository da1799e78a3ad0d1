namespace DeltaModel.Core.Data.Formats;

/// <summary>The descriptive half of <see cref="IDatasetFormat"/>, so a format class holds only its detection, load and listing.</summary>
/// <param name="forcingSources">The forcing products a request may choose between; empty (default) for a single one.</param>
public abstract class DatasetFormat(string name, string layout, string marker, IReadOnlyList<string>? forcingSources = null) : IDatasetFormat
{
    public string Name => name;
    public string Layout => layout;
    public string Marker => marker;
    public IReadOnlyList<string> ForcingSources { get; } = forcingSources ?? [];

    public abstract bool Detect(string folder);
    public abstract HydroDataset Load(string folder, DatasetRequest request);
    public abstract IReadOnlyList<string> InputFiles(string folder, DatasetRequest request);
}
