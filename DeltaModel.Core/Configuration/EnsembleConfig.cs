namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>ensemble</c>: N members trained as one experiment, each in its own resumable run folder
/// (<c>&lt;output_dir&gt;/members/&lt;name&gt;/</c>), scored on the mean of the members' outputs (every output series
/// and scalar, not only the target). Members differ by seed (<see cref="Seeds"/>), by settings
/// (<see cref="Members"/>: another physics model, network size, …), or both.
/// </summary>
public sealed record EnsembleConfig : IConfigSection
{
    /// <summary>One member per seed (named <c>seed_&lt;n&gt;</c>), the rest of the config unchanged.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>Members that differ by key settings (as <c>--set</c> takes them).</summary>
    public IReadOnlyList<EnsembleMemberConfig> Members { get; init; } = [];

    /// <summary>Every member: seed members first, then the listed ones.</summary>
    public IReadOnlyList<EnsembleMemberConfig> All =>
        [.. Seeds.Select(s => new EnsembleMemberConfig { Name = SeedMemberName(s), Seed = s }), .. Members];

    public static string SeedMemberName(int seed) => $"seed_{seed}";

    public void Validate(ConfigErrors errors, string path)
    {
        for (int i = 0; i < Members.Count; i++) Members[i].Validate(errors, $"{path}.members[{i}]");
        if (Seeds.Distinct().Count() != Seeds.Count) errors.Expected($"{path}.seeds", "distinct seeds", Seeds);
        var all = All;
        if (all.Count < 2) errors.Add(path, $"'{path}': an ensemble needs at least 2 members (seeds and/or members), got {all.Count}.");
        foreach (var twice in all.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add(path, $"'{path}': member name '{twice.Key}' is used {twice.Count()} times; each member needs its own folder.");
    }
}

/// <summary>One member of <see cref="EnsembleConfig.Members"/>: a name (its folder) and the settings it changes.</summary>
public sealed record EnsembleMemberConfig : IConfigSection
{
    /// <summary>Folder name of the member (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The member's seed; null = the experiment's <c>seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>Key settings <c>key.path=value</c>, applied over the experiment file like <c>--set</c>.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary>Keys a member may not change: they define the ensemble itself or where it writes.</summary>
    static readonly string[] Reserved = ["ensemble", "folds", "output_dir", "mode", "name"];

    /// <summary><see cref="Set"/> as (key, value) pairs.</summary>
    public IReadOnlyList<(string Path, string Value)> Settings =>
        Set.Select(s => s.IndexOf('=') is var eq and > 0 ? (s[..eq].Trim(), s[(eq + 1)..].Trim()) : (s, "")).ToList();

    public void Validate(ConfigErrors errors, string path)
    {
        if (Name.Length == 0 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || Name.Trim('.').Length == 0)
            errors.Expected($"{path}.name", "a folder name of letters, digits, '-', '_' or '.'", Name);
        for (int i = 0; i < Set.Count; i++)
        {
            var s = Set[i];
            int eq = s.IndexOf('=');
            if (eq <= 0) errors.Expected($"{path}.set[{i}]", "key.path=value, e.g. model.physics.name=hbv_1_1p", s);
            else if (Reserved.Contains(s[..eq].Trim().Split('.')[0]))
                errors.Add($"{path}.set[{i}]", $"'{path}.set[{i}]': a member cannot change '{s[..eq].Trim()}' ({string.Join(", ", Reserved)} belong to the experiment).");
        }
    }
}
