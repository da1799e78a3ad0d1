using YamlDotNet.RepresentationModel;

namespace DeltaModel.Core.Configuration;

/// <summary>
/// Reads the small YAML side files (sweep.yaml, benchmarks.yaml, slurm.yaml, the workspace's lenient look at an
/// experiment file) into YamlDotNet's node model — one place for the syntax error that names the file and line, so
/// each reader only says what shape it expects.
/// </summary>
public static class YamlFile
{
    /// <summary>The first document's root node; null when the file holds no document.</summary>
    /// <exception cref="ArgumentException">Not valid YAML: names the file and the line.</exception>
    public static YamlNode? ReadRoot(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{path}:{e.Start.Line}: not valid YAML ({e.Message}).", e);
        }
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
    }
}
