using System.Text;

namespace DeltaModel.Reporting.Sweeps;

/// <summary>
/// One point of a sweep grid: the settings it overrides. Its <see cref="Id"/> is the folder name under out/sweep/ and
/// is made from the settings themselves (<c>seed=1,model.nn.hidden_size=64</c>), so the same point always maps to
/// the same folder (incremental builds skip it) and the summary can be read back from folder names alone.
/// </summary>
public sealed record SweepMember(IReadOnlyList<(string Key, string Value)> Settings)
{
    public string Id => string.Join(",", Settings.Select(s => $"{s.Key}={Sanitize(s.Value)}"));

    /// <summary>The runner arguments: <c>--set key=value</c> per setting.</summary>
    public string RunArguments => string.Join(" ", Settings.Select(s => $"--set {s.Key}={s.Value}"));

    /// <summary>Reads the settings back from a member folder name.</summary>
    public static SweepMember FromId(string id) =>
        new(id.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (p[0], p.Length > 1 ? p[1] : ""))
            .ToList());

    /// <summary>Characters outside letters, digits and <c>._+-</c> become '_' so the id is a portable folder name.</summary>
    static string Sanitize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' ? c : '_');
        return sb.ToString();
    }
}
