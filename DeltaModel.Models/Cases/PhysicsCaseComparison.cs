using DeltaModel.Core.Outputs;

namespace DeltaModel.Models.Cases;

/// <summary>Largest difference in one numeric column of one result file.</summary>
/// <param name="File">File name, e.g. <c>outputs.csv</c>.</param>
/// <param name="Column">Column name.</param>
/// <param name="MaxAbsDifference">max |out − expected| over rows.</param>
/// <param name="MaxAbsExpected">max |expected| over rows (the scale for relative tolerances).</param>
/// <param name="Rows">Rows compared.</param>
public sealed record ColumnDifference(string File, string Column, double MaxAbsDifference, double MaxAbsExpected, int Rows)
{
    /// <summary>Difference relative to the column's largest expected magnitude (absolute when that is 0).</summary>
    public double Relative => MaxAbsExpected > 0 ? MaxAbsDifference / MaxAbsExpected : MaxAbsDifference;
}

/// <summary>
/// Compares a runner's output folder with a case's <c>expected/</c> folder file by file: rows must line up (same
/// count, same key cells such as date, state, param), numeric columns are diffed.
/// </summary>
public static class PhysicsCaseComparison
{
    /// <summary>Diffs every file present in both folders.</summary>
    /// <exception cref="InvalidDataException">Rows or keys do not line up, or a column is missing in the output.</exception>
    public static IReadOnlyList<ColumnDifference> Compare(string expectedFolder, string outFolder)
    {
        var result = new List<ColumnDifference>();
        foreach (var expectedPath in Directory.GetFiles(expectedFolder, "*.csv").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(expectedPath);
            var outPath = Path.Combine(outFolder, name);
            if (!File.Exists(outPath)) continue;
            result.AddRange(Compare(CsvTable.Open(expectedPath), CsvTable.Open(outPath), name));
        }
        return result;
    }

    static IEnumerable<ColumnDifference> Compare(CsvTable expectedTable, CsvTable actualTable, string name)
    {
        var expected = expectedTable.Rows(complete: true).ToList();
        var actual = actualTable.Rows(complete: true).ToList();
        if (expected.Count != actual.Count)
            throw new InvalidDataException($"{name}: {actual.Count} rows in the output, {expected.Count} expected.");
        var list = new List<ColumnDifference>();
        for (int c = 0; c < expectedTable.Header.Count; c++)
        {
            var column = expectedTable.Header[c];
            if (!actualTable.Header.Contains(column)) continue;                 // e.g. a float64 reference column not produced
            int a = actualTable.Column(column);
            if (!expected.All(row => row.IsNumber(c)))
            {
                for (int r = 0; r < expected.Count; r++)
                    if (expected[r][c] != actual[r][a])
                        throw new InvalidDataException($"{name}, row {r + 2}, column '{column}': '{actual[r][a]}', expected '{expected[r][c]}'.");
                continue;
            }
            double maxDiff = 0, maxRef = 0;
            for (int r = 0; r < expected.Count; r++)
            {
                double e = expected[r].Number(c), v = actual[r].Number(a);
                if (double.IsNaN(v)) throw new InvalidDataException($"{name}, row {r + 2}, column '{column}': NaN in the output.");
                maxDiff = Math.Max(maxDiff, Math.Abs(v - e));
                maxRef = Math.Max(maxRef, Math.Abs(e));
            }
            list.Add(new ColumnDifference(name, column, maxDiff, maxRef, expected.Count));
        }
        return list;
    }
}
