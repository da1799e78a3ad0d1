namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>Experiment folders in a temporary directory, for the workspace's decisions (no MSBuild, no runner).</summary>
internal sealed class ScratchExperiments : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dm-workspace-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A folder under <see cref="Root"/> that exists.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>experiments/&lt;name&gt;/experiment.yaml whose <c>data:</c> section holds <paramref name="dataLines"/>.</summary>
    public string Add(string name, string dataLines, string? requires = null, string? skip = null)
    {
        var dir = Folder(Path.Combine("experiments", name));
        File.WriteAllText(Path.Combine(dir, "experiment.yaml"), $"name: {name}\ndata:\n{dataLines}");
        if (requires is not null) File.WriteAllText(Path.Combine(dir, "requires.txt"), requires);
        if (skip is not null) File.WriteAllText(Path.Combine(dir, "skip.txt"), skip);
        return dir;
    }
}
