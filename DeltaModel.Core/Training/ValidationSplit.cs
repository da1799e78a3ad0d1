using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.Core.Training;

/// <summary>Which basins section <c>validation</c> holds out of training: listed, read from a basin file, or a seeded random share.</summary>
public static class ValidationSplit
{
    /// <summary>The held-out basins, in the dataset's order; empty when the validation is a period only.</summary>
    /// <param name="experimentSeed">Seed of the fraction draw when <c>validation.seed</c> is not given.</param>
    /// <exception cref="DataException">A listed basin is not in the dataset, or the split leaves no basin to train on.</exception>
    public static IReadOnlyList<string> HeldOutBasins(ValidationConfig validation, IReadOnlyList<string> basins, int experimentSeed)
    {
        IReadOnlyCollection<string> chosen;
        if (validation.Fraction is { } fraction)
            chosen = Draw(basins, (int)Math.Round(fraction * basins.Count), validation.Seed ?? experimentSeed);
        else if (validation.BasinFile is { } file)
            chosen = Listed(BasinSelection.FromFile(file).Ids, basins, "validation.basin_file");
        else if (validation.Basins.Count > 0)
            chosen = Listed(BasinSelection.FromIds(validation.Basins).Ids, basins, "validation.basins");
        else
            return [];
        if (chosen.Count == 0 || chosen.Count >= basins.Count)
            throw new DataException($"the validation split holds out {chosen.Count} of {basins.Count} basins; it must leave at least one basin " +
                                    "for validation and one for training (validation.fraction, basins or basin_file).");
        var set = chosen.ToHashSet(StringComparer.Ordinal);
        return basins.Where(set.Contains).ToList();
    }

    static IReadOnlyCollection<string> Listed(IReadOnlyList<string> ids, IReadOnlyList<string> basins, string key)
    {
        var missing = ids.Except(basins, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new DataException($"'{key}' names basins that are not in the dataset: {string.Join(", ", missing.Take(10))}" +
                                    (missing.Count > 10 ? $" and {missing.Count - 10} more." : "."));
        return ids.ToList();
    }

    /// <summary><paramref name="count"/> basins drawn without replacement; the same seed and basins give the same draw on every machine.</summary>
    static IReadOnlyCollection<string> Draw(IReadOnlyList<string> basins, int count, int seed)
    {
        var order = basins.OrderBy(b => b, StringComparer.Ordinal).ToArray();   // independent of the dataset's order
        new Random(seed).Shuffle(order);                                         // seeded System.Random: a fixed algorithm
        return order.Take(count).ToList();
    }
}
