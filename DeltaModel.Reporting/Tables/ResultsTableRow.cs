namespace DeltaModel.Reporting.Tables;

/// <summary>One row of experiments/RESULTS.md: one metric of one experiment's latest run.</summary>
public sealed record ResultsTableRow(string Experiment, string Metric, string Ours, string Published, string Result,
    string RunTime, string GitCommit, string ConfigHash, string Seed, string Device)
{
    public static readonly IReadOnlyList<string> Columns =
        ["experiment", "metric", "ours", "published", "result", "run time", "git commit", "config hash", "seed", "device"];

    public string ToMarkdown() =>
        "| " + string.Join(" | ", new[] { Experiment, Metric, Ours, Published, Result, RunTime, GitCommit, ConfigHash, Seed, Device }
            .Select(c => c.Replace("|", "\\|"))) + " |";

    /// <summary>Parses a row written by <see cref="ToMarkdown"/>; null for lines that are not such a row.</summary>
    public static ResultsTableRow? Parse(string line)
    {
        var t = line.Trim();
        if (!t.StartsWith('|') || !t.EndsWith('|')) return null;
        var cells = t[1..^1].Replace("\\|", "\u0001").Split('|').Select(c => c.Trim().Replace("\u0001", "|")).ToArray();
        if (cells.Length != Columns.Count || cells[0] == Columns[0] || cells[0].StartsWith("---")) return null;
        return new ResultsTableRow(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8], cells[9]);
    }
}
