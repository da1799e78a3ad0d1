using System.Globalization;
using System.Text;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Metrics;

/// <summary>
/// The relative error of each held-out annual peak of an unseen-extremes test: per basin and held-out water year, the
/// simulated maximum of that year against the observed one, (sim − obs) / obs. Written as <c>peaks.csv</c>.
/// </summary>
public sealed class PeakErrors
{
    public const string FileName = "peaks.csv";

    /// <summary>One held-out peak.</summary>
    public sealed record Row(string Basin, int Year, double ReturnPeriod, double Observed, double Simulated)
    {
        /// <summary>(simulated − observed) / observed; NaN for an observed peak of 0.</summary>
        public double RelativeError => Observed > 0 ? (Simulated - Observed) / Observed : double.NaN;
    }

    PeakErrors(IReadOnlyList<Row> rows) => Rows = rows;

    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Every finite relative error, for the summary statistics.</summary>
    public double[] RelativeErrors => Rows.Select(r => r.RelativeError).Where(double.IsFinite).ToArray();

    /// <summary>The peaks of several evaluations in one table (cross-validation folds).</summary>
    public static PeakErrors Pool(IEnumerable<PeakErrors> parts) => new(parts.SelectMany(p => p.Rows).ToList());

    /// <summary>Scores the held-out years of <paramref name="basins"/> in a time-major simulation <c>[days, B]</c> starting on <paramref name="start"/>.</summary>
    public static PeakErrors Compute(AnnualMaximaSplit split, IReadOnlyList<string> basins, DateOnly start, int days, float[] simulated)
    {
        int B = basins.Count;
        var rows = new List<Row>();
        for (int b = 0; b < B; b++)
            foreach (var year in split.Years(basins[b]).Where(y => y.HeldOut))
            {
                int first = Math.Max(0, split.Config.WaterYearStart(year.Year).DayNumber - start.DayNumber);
                int last = Math.Min(days - 1, split.Config.WaterYearStart(year.Year + 1).DayNumber - 1 - start.DayNumber);
                double peak = double.NaN;
                for (int t = first; t <= last; t++)
                {
                    double v = simulated[(long)t * B + b];
                    if (double.IsFinite(v) && !(v <= peak)) peak = v;
                }
                rows.Add(new Row(basins[b], year.Year, year.ReturnPeriod, year.Peak, peak));
            }
        return new PeakErrors(rows);
    }

    /// <summary>Writes <c>peaks.csv</c> (basin, water_year, return_period, observed_peak, simulated_peak, relative_error) atomically.</summary>
    public string Write(string folder)
    {
        var text = new StringBuilder("basin,water_year,return_period,observed_peak,simulated_peak,relative_error\n");
        foreach (var r in Rows)
            text.Append(CultureInfo.InvariantCulture, $"{r.Basin},{r.Year},{r.ReturnPeriod:G6},{r.Observed:G8},{Number(r.Simulated)},{Number(r.RelativeError)}\n");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(path, text.ToString());
        return path;
    }

    static string Number(double v) => double.IsFinite(v) ? v.ToString("G8", CultureInfo.InvariantCulture) : "";
}
