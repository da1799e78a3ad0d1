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
            result.AddRange(Compare(CsvTable.Read(expectedPath), CsvTable.Read(outPath), name));
        }
        return result;
    }

    static IEnumerable<ColumnDifference> Compare(CsvTable expected, CsvTable actual, string name)
    {
        if (expected.Rows.Count != actual.Rows.Count)
            throw new InvalidDataException($"{name}: {actual.Rows.Count} rows in the output, {expected.Rows.Count} expected.");
        var list = new List<ColumnDifference>();
        for (int c = 0; c < expected.Header.Count; c++)
        {
            var column = expected.Header[c];
            if (!actual.Header.Contains(column)) continue;                      // e.g. a float64 reference column not produced
            int a = actual.Column(column);
            if (!expected.IsNumeric(c))
            {
                for (int r = 0; r < expected.Rows.Count; r++)
                    if (expected.Rows[r][c] != actual.Rows[r][a])
                        throw new InvalidDataException($"{name}, row {r + 2}, column '{column}': '{actual.Rows[r][a]}', expected '{expected.Rows[r][c]}'.");
                continue;
            }
            double maxDiff = 0, maxRef = 0;
            for (int r = 0; r < expected.Rows.Count; r++)
            {
                double e = expected.Number(r, c), v = actual.Number(r, a);
                if (double.IsNaN(v)) throw new InvalidDataException($"{name}, row {r + 2}, column '{column}': NaN in the output.");
                maxDiff = Math.Max(maxDiff, Math.Abs(v - e));
                maxRef = Math.Max(maxRef, Math.Abs(e));
            }
            list.Add(new ColumnDifference(name, column, maxDiff, maxRef, expected.Rows.Count));
        }
        return list;
    }
}
