using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Data.Splits;

/// <summary>
/// The basin folds of section <c>folds</c>: drawn once from a seed (<see cref="Draw"/>, written by <c>deltamodel folds</c>)
/// and read back from the committed files (<see cref="Read"/>), which must split the experiment's basins exactly.
/// </summary>
public static class BasinFolds
{
    /// <summary>
    /// <paramref name="k"/> folds of <paramref name="basins"/>: the ids in ordinal order, shuffled by a seeded
    /// <see cref="Random"/> (a fixed algorithm, the same on every machine), dealt round-robin, each fold sorted.
    /// Fold sizes differ by at most one.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Draw(IReadOnlyList<string> basins, int k, int seed)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "at least 2 folds.");
        var distinct = basins.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < k) throw new ArgumentException($"{distinct.Count} basins cannot fill {k} folds.", nameof(basins));
        var order = distinct.OrderBy(b => b, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        return Enumerable.Range(0, k)
            .Select(f => (IReadOnlyList<string>)order.Where((_, i) => i % k == f).OrderBy(b => b, StringComparer.Ordinal).ToList())
            .ToList();
    }

    /// <summary>Writes <c>fold_1.txt</c> … <c>fold_k.txt</c> (one id per line, atomically) into <paramref name="folder"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<IReadOnlyList<string>> folds)
    {
        Directory.CreateDirectory(folder);
        return folds.Select((ids, i) =>
        {
            var path = FoldsConfig.FoldFile(folder, i + 1);
            AtomicFile.WriteAllText(path, string.Join("\n", ids) + "\n");
            return path;
        }).ToList();
    }

    /// <summary>
    /// Reads the committed fold files and checks them against <paramref name="basins"/> (the experiment's basins):
    /// every basin in exactly one fold, no other basin.
    /// </summary>
    /// <exception cref="DataException">A basin is in two folds, in none, or is not one of the experiment's (naming file and basin).</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Read(FoldsConfig folds, IReadOnlyList<string> basins)
    {
        var read = Enumerable.Range(1, folds.K).Select(f => BasinSelection.FromFile(folds.FoldFile(f)).Ids).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = basins.ToHashSet(StringComparer.Ordinal);
        for (int f = 0; f < read.Count; f++)
            foreach (var id in read[f])
            {
                if (!known.Contains(id))
                    throw new DataException($"{folds.FoldFile(f + 1)}: basin '{id}' is not one of the experiment's {basins.Count} basins (data.basin_file).");
                if (!seen.TryAdd(id, f + 1))
                    throw new DataException($"{folds.FoldFile(f + 1)}: basin '{id}' is already in {folds.FoldFile(seen[id])}; folds must be disjoint.");
            }
        var missing = basins.Where(b => !seen.ContainsKey(b)).ToList();
        if (missing.Count > 0)
            throw new DataException($"{folds.Folder}: {missing.Count} of the experiment's basins are in no fold file (e.g. {string.Join(", ", missing.Take(5))}); " +
                                    "the folds must cover every basin. Redraw them with 'deltamodel folds'.");
        return read;
    }
}
