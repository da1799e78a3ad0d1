namespace DeltaModel.Core.Data;

/// <summary>
/// Refuses a load in which some basin has no observed target on any day of the period. Such a basin contributes
/// nothing to a loss and gives NaN metrics, so training or scoring on it would silently mean nothing; usually the
/// period lies outside the gauge's record, or the file is all missing-value flags.
/// </summary>
internal static class TargetCoverage
{
    /// <param name="target">The target variable, [days, basins], NaN where missing.</param>
    /// <param name="basins">Gauge ids in the variable's basin order.</param>
    /// <param name="file">Basin index → the file the target came from.</param>
    /// <param name="record">Basin index → the days that file covers.</param>
    /// <exception cref="DataException">Names the first such basin's file, the period and the file's record.</exception>
    public static void RequireObservations(DynamicVariable target, IReadOnlyList<string> basins, DatePeriod period,
        Func<int, string> file, Func<int, DatePeriod> record)
    {
        for (int b = 0; b < basins.Count; b++)
        {
            if (target.MissingCount(b) < target.Days) continue;
            throw new DataException(file(b), null,
                $"basin {basins[b]} has no {target.Name} value in {period}: the file covers {record(b)} and every day of the period " +
                "there is missing or outside it; expected at least one observed day. Choose a period inside the record or leave the basin out.");
        }
    }
}
