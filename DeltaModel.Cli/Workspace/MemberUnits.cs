using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// With <c>-p:Scheduler=slurm</c>, an experiment made of several runs (<c>ensemble</c>, <c>folds</c>) is one unit per
/// member (<c>UnitKind=member</c>: <c>deltamodel run --member &lt;name&gt;</c>, its own marker
/// <c>obj/member-&lt;name&gt;.&lt;Action&gt;.done</c> and output folder), so the members train side by side as array
/// tasks, and the experiment's own unit combines them (<c>UnitMembers</c>: <c>--combine</c>) once they finished. The
/// members are the experiment file's (with its data root), named as the runner names them (<see cref="RunMember"/>).
/// </summary>
internal static class MemberUnits
{
    /// <summary>The unit's MSBuild property lines: its members, then itself as the combining unit; only itself for a
    /// single run.</summary>
    public static IEnumerable<string> For(ExperimentUnit unit)
    {
        var overrides = new RunOverrides { Settings = unit.DataPath is { } path ? [("data.path", path)] : [] };
        ExperimentConfig config;
        try { config = RunPlan.FromFile(unit.File, overrides).Config; }
        // An invalid file stays one unit: its task fails with the runner's error (file, line, key), as a local run would.
        catch (ConfigException) { return [unit.MSBuildProperties]; }
        var names = RunMember.Names(config);
        if (names.Count == 0) return [unit.MSBuildProperties];
        AdoptFinishedMembers(unit.Folder, names.Select(n => (n, RunMember.Folder(config, n))));
        return names.Select(n => $"{unit.MSBuildProperties};UnitKind=member;MemberName={n};MemberFolder={RunMember.Folder(config, n).Replace('\\', '/')}")
                    .Append($"{unit.MSBuildProperties};UnitMembers={string.Join(',', names)}");
    }

    /// <summary>
    /// An experiment whose whole Reproduce finished in one process (its <c>main</c> marker) has every member finished
    /// too: each member without a marker of its own gets one, dated by its results.json, so the first Slurm build after
    /// a local one does not run the members again.
    /// </summary>
    static void AdoptFinishedMembers(string experimentFolder, IEnumerable<(string Name, string Folder)> members)
    {
        var obj = Path.Combine(experimentFolder, "obj");
        if (!File.Exists(Path.Combine(obj, $"main.{UnitMarker.Reproduce}.done"))) return;
        foreach (var (name, folder) in members)
        {
            var results = new RunFolder(Path.Combine(experimentFolder, "out", folder)).Results;
            var unit = $"member-{name}";
            if (!File.Exists(results) || Directory.EnumerateFiles(obj, $"{unit}.*.done").Any()) continue;
            var marker = Path.Combine(obj, $"{unit}.{UnitMarker.Reproduce}.done");
            File.WriteAllText(marker, $"{UnitMarker.Reproduce} of {unit} finished with the experiment's; results: {results}\n");
            File.SetLastWriteTimeUtc(marker, File.GetLastWriteTimeUtc(results));
        }
    }
}
