using System.Management.Automation;
using DeltaModel.Core.Training;
using DeltaModel.Application;

namespace DeltaModel.PowerShell.Model;

/// <summary>
/// One basin's simulation as <c>Invoke-DeltaSimulation</c> emits it: every simulated flux and store as a daily series
/// (mm/d, mm; docs/outputs.md), the observed target over the same days, and the model's per-basin scalars.
/// </summary>
/// <remarks>
/// The visible properties are one flat row of scalars, so <c>Select-Object</c>, <c>Sort-Object</c>, <c>Export-Csv</c>
/// and grid views show values, not type names. The arrays and dictionaries are <see cref="HiddenAttribute">hidden</see>
/// (reachable by name, left out of CSV and lists); <see cref="ToDailyRows"/> expands them into one row per day.
/// </remarks>
public sealed class SimulationResult
{
    /// <param name="series">Output name → daily values over <paramref name="days"/> days from <paramref name="start"/>.</param>
    public SimulationResult(string basin, DateOnly start, int days, string target, IReadOnlyDictionary<string, float[]> series,
        float[]? observed, IReadOnlyDictionary<string, float> scalars, string folder, int? epoch, IReadOnlyDictionary<string, string> units)
    {
        Units = units;
        Basin = basin;
        Start = start;
        Days = days;
        Target = target;
        Series = series;
        Observed = observed;
        Scalars = scalars;
        Folder = folder;
        Epoch = epoch;
        MeanQ = days == 0 ? double.NaN : series[target].Average(v => (double)v);
    }

    /// <summary>Basin id.</summary>
    public string Basin { get; }

    /// <summary>First simulated (scored) day; warm-up days are not included.</summary>
    public DateOnly Start { get; }

    /// <summary>Last simulated day (inclusive).</summary>
    public DateOnly End => Start.AddDays(Days - 1);

    /// <summary>Number of simulated days.</summary>
    public int Days { get; }

    /// <summary>Name of the series compared with the observations (e.g. streamflow).</summary>
    public string Target { get; }

    /// <summary>Mean of the simulated target series over the days [mm/d].</summary>
    public double MeanQ { get; }

    /// <summary>Number of simulated series (fluxes and stores) in <see cref="Series"/>.</summary>
    public int SeriesCount => Series.Count;

    /// <summary>Every simulated series by name, <c>float[Days]</c>.</summary>
    [Hidden]
    public IReadOnlyDictionary<string, float[]> Series { get; }

    /// <summary>The simulated target series [mm/d].</summary>
    [Hidden]
    public float[] Streamflow => Series[Target];

    /// <summary>Observed target over the same days (NaN where missing); null when the dataset has none.</summary>
    [Hidden]
    public float[]? Observed { get; }

    /// <summary>Per-basin scalars such as BFI.</summary>
    [Hidden]
    public IReadOnlyDictionary<string, float> Scalars { get; }

    /// <summary>Folder the run's files were written to.</summary>
    public string Folder { get; }

    /// <summary>Epoch of the weights used; null where the outputs combine members (an ensemble mean), each with its own weights.</summary>
    public int? Epoch { get; }

    /// <summary>Unit of every series and scalar by name (and of <c>observed</c>), as the model declares them.</summary>
    [Hidden]
    public IReadOnlyDictionary<string, string> Units { get; }

    /// <summary>The calendar day of each value.</summary>
    [Hidden]
    public DateOnly[] Dates => Enumerable.Range(0, Days).Select(Start.AddDays).ToArray();

    /// <summary>
    /// One row per day for CSV files and grid views: <c>Basin</c>, <c>Date</c>, <c>Observed</c> (when the dataset has
    /// observations), then one column per series in <see cref="Series"/> order
    /// (<c>$sims | ForEach-Object ToDailyRows | Export-Csv daily.csv</c>).
    /// </summary>
    public PSObject[] ToDailyRows()
    {
        var rows = new PSObject[Days];
        for (int t = 0; t < Days; t++)
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty(nameof(Basin), Basin));
            row.Properties.Add(new PSNoteProperty("Date", Start.AddDays(t)));
            if (Observed is not null) row.Properties.Add(new PSNoteProperty(nameof(Observed), Observed[t]));
            foreach (var (name, values) in Series) row.Properties.Add(new PSNoteProperty(name, values[t]));
            rows[t] = row;
        }
        return rows;
    }

    /// <summary>Splits an evaluation of all basins into one result per basin (the Core output is time-major <c>[T, B]</c>).</summary>
    /// <param name="units">Units by variable name (<c>Composition.OutputUnits.For</c>).</param>
    public static IEnumerable<SimulationResult> PerBasin(EvaluationResult evaluation, string target, IReadOnlyDictionary<string, string> units)
    {
        var output = evaluation.Output ?? throw new InvalidOperationException("the evaluation kept no series in memory.");
        for (int b = 0; b < output.Basins.Count; b++)
        {
            var series = output.Series.Keys.ToDictionary(k => k, k => output.BasinSeries(k, b), StringComparer.Ordinal);
            float[]? observed = null;
            if (evaluation.Observed is { } all)
            {
                observed = new float[output.Days];
                for (int t = 0; t < output.Days; t++) observed[t] = all[(long)t * output.Basins.Count + b];
            }
            var scalars = output.Scalars.ToDictionary(kv => kv.Key, kv => kv.Value[b], StringComparer.Ordinal);
            yield return new SimulationResult(output.Basins[b], output.Start, output.Days, target, series, observed, scalars,
                evaluation.Folder, evaluation.Epoch, units);
        }
    }

    /// <summary>
    /// Joins per-basin results back into the Core layout (for the Core writers). All must share the same days.
    /// </summary>
    /// <exception cref="ArgumentException">Results over different days or with different series.</exception>
    public static (SimulationOutput Output, float[]? Observed) Combine(IReadOnlyList<SimulationResult> results)
    {
        if (results.Count == 0) throw new ArgumentException("no simulation results to combine.");
        var first = results[0];
        var odd = results.FirstOrDefault(r => r.Start != first.Start || r.Days != first.Days || !r.Series.Keys.Order().SequenceEqual(first.Series.Keys.Order()));
        if (odd is not null)
            throw new ArgumentException($"basin {odd.Basin} covers {odd.Start:yyyy-MM-dd}..{odd.End:yyyy-MM-dd} with other series than basin " +
                                        $"{first.Basin} ({first.Start:yyyy-MM-dd}..{first.End:yyyy-MM-dd}); export each simulation run separately.");
        int B = results.Count, T = first.Days;
        float[] Interleave(Func<SimulationResult, float[]> pick)
        {
            var all = new float[(long)T * B];
            for (int b = 0; b < B; b++)
            {
                var s = pick(results[b]);
                for (int t = 0; t < T; t++) all[(long)t * B + b] = s[t];
            }
            return all;
        }
        var series = first.Series.Keys.ToDictionary(k => k, k => Interleave(r => r.Series[k]), StringComparer.Ordinal);
        var scalars = first.Scalars.Keys.ToDictionary(k => k, k => results.Select(r => r.Scalars.GetValueOrDefault(k, float.NaN)).ToArray(), StringComparer.Ordinal);
        var observed = results.All(r => r.Observed is not null) ? Interleave(r => r.Observed!) : null;
        return (new SimulationOutput(results.Select(r => r.Basin).ToList(), first.Start, T, series, scalars), observed);
    }

    public override string ToString() => $"{Basin} {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
