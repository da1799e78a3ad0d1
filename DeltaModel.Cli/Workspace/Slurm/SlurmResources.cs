using System.Globalization;
using DeltaModel.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// What a unit asks Slurm for. Each value comes from the MSBuild property when one was given (<c>-p:SlurmTime</c>
/// applies to every selected experiment), else from the experiment's <c>slurm.yaml</c> (beside experiment.yaml, whose
/// schema is the runner's), else the cluster's default. Units with equal resources share one job array; Slurm gives
/// every task of an array the same request.
/// </summary>
/// <param name="Partition">sbatch <c>--partition</c>.</param>
/// <param name="Time">sbatch <c>--time</c> (e.g. <c>2:00:00</c>, <c>1-00:00:00</c>).</param>
/// <param name="Cpus">sbatch <c>--cpus-per-task</c>.</param>
/// <param name="Memory">sbatch <c>--mem</c> (e.g. <c>8G</c>).</param>
/// <param name="Arguments">Further sbatch arguments, split at blanks (e.g. <c>--gres=gpu:1 --qos=short</c>).</param>
internal sealed record SlurmResources(string? Partition, string? Time, int? Cpus, string? Memory, string? Arguments)
{
    public const string FileName = "slurm.yaml";
    static readonly string[] Keys = ["partition", "time", "cpus", "mem", "args"];

    /// <summary>The experiment's own request (its slurm.yaml; none: nothing asked), overridden by the given values.</summary>
    public SlurmResources Over(string experimentDir)
    {
        var file = Path.Combine(experimentDir, FileName);
        var own = File.Exists(file) ? Read(file) : new SlurmResources(null, null, null, null, null);
        return new SlurmResources(Partition ?? own.Partition, Time ?? own.Time, Cpus ?? own.Cpus, Memory ?? own.Memory,
                                  Arguments ?? own.Arguments);
    }

    /// <summary>The sbatch arguments of this request.</summary>
    public IEnumerable<string> SbatchArguments()
    {
        if (Partition is not null) yield return $"--partition={Partition}";
        if (Time is not null) yield return $"--time={Time}";
        if (Cpus is not null) yield return $"--cpus-per-task={Cpus}";
        if (Memory is not null) yield return $"--mem={Memory}";
        foreach (var a in (Arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return a;
    }

    /// <summary>A CPU count as the property or file gives it (<paramref name="where"/> names it in the error).</summary>
    public static int? ParseCpus(string? text, string where) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new ArgumentException($"{where}: cpus must be an integer ≥ 1, got '{text}'.");

    /// <summary>Reads a slurm.yaml: a mapping of <c>partition</c>, <c>time</c>, <c>cpus</c>, <c>mem</c>, <c>args</c> to
    /// scalars; anything else is an error naming the file, line and key.</summary>
    public static SlurmResources Read(string path)
    {
        var values = new Dictionary<string, string>();
        if (YamlFile.ReadRoot(path) is { } document)
        {
            if (document is not YamlMappingNode root)
                throw new ArgumentException($"{path}: expected a mapping of {string.Join(", ", Keys)}, e.g. 'time: 2:00:00'.");
            foreach (var (keyNode, valueNode) in root.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!Keys.Contains(key))
                    throw new ArgumentException($"{path}:{keyNode.Start.Line}: unknown key '{key}'; expected {string.Join(", ", Keys)}.");
                values[key] = valueNode is YamlScalarNode { Value: { } v } ? v
                    : throw new ArgumentException($"{path}:{valueNode.Start.Line}: '{key}' must be a single value.");
            }
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new SlurmResources(Get("partition"), Get("time"), ParseCpus(Get("cpus"), $"{path}: cpus"), Get("mem"), Get("args"));
    }
}
