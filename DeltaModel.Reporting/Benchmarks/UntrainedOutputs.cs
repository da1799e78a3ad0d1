using System.Globalization;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// The outputs a δ model was never trained on, measured against what the observations imply, per basin over the
/// scored days with observed flow: long-term simulated ET against P − Q (the water balance closes on ET when storage
/// does not trend), and the simulated baseflow index (Σ baseflow / Σ streamflow) against the Lyne–Hollick BFI of the
/// observed flow. The series come from the run's <c>test/simulation.csv</c>; precipitation from the dataset folder.
/// </summary>
public sealed record UntrainedOutputs(string Basin, int Days, double Precipitation, double ObservedFlow, double SimulatedEt,
    double SimulatedBfi, double ObservedBfi)
{
    /// <summary>P − Q of the observations [mm/d].</summary>
    public double WaterBalanceEt => Precipitation - ObservedFlow;

    /// <summary>
    /// The per-basin table in a run's <c>test/</c> folder: written by the report from the series, shipped with the
    /// run's small outputs (the series are not), and read back where the series are absent — a clone that never ran.
    /// </summary>
    public const string FileName = "untrained.csv";

    static readonly string[] Header = ["basin", "days", "precipitation", "observed_flow", "p_minus_q", "simulated_et", "simulated_bfi", "filter_bfi"];

    /// <summary>The table's place in <paramref name="run"/>.</summary>
    public static string PathIn(RunFolder run) => Path.Combine(run.Phase(RunFolder.TestPhase), FileName);

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> (atomically; full precision).</summary>
    public static void Write(string path, IEnumerable<UntrainedOutputs> rows) =>
        CsvTable.Write(path, Header, csv =>
        {
            foreach (var x in rows)
                csv.Row([x.Basin, x.Days.ToString(CultureInfo.InvariantCulture), R(x.Precipitation), R(x.ObservedFlow), R(x.WaterBalanceEt),
                         R(x.SimulatedEt), R(x.SimulatedBfi), R(x.ObservedBfi)]);
        });

    /// <summary>Reads a table <see cref="Write"/> wrote (P − Q is derived, not read).</summary>
    /// <exception cref="InvalidDataException">A column is missing or a cell is not a number (names file and line).</exception>
    public static IReadOnlyList<UntrainedOutputs> Read(string path)
    {
        var table = CsvTable.Open(path);
        int[] c = [.. Header.Select(table.Column)];
        return table.Rows().Select(row =>
        {
            if (!int.TryParse(row[c[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out int days))
                throw new InvalidDataException($"{path}, line {row.Line}: days '{row[c[1]]}' is not a whole number.");
            return new UntrainedOutputs(row[c[0]], days, CsvTable.Number(row[c[2]]), CsvTable.Number(row[c[3]]), CsvTable.Number(row[c[5]]),
                                        CsvTable.Number(row[c[6]]), CsvTable.Number(row[c[7]]));
        }).ToList();
    }

    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Per basin of <paramref name="simulationCsv"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">A column named by <paramref name="spec"/> is not in the file, or a date is malformed (names file and line).</exception>
    public static IReadOnlyList<UntrainedOutputs> Measure(string simulationCsv, BenchmarkSpec.UntrainedSpec spec)
    {
        var table = CsvTable.Open(simulationCsv);
        int basin = table.Column("basin"), date = table.Column("date"), observed = table.Column("observed");
        int et = table.Column(spec.Evapotranspiration), baseflow = table.Column(spec.Baseflow), flow = table.Column(spec.Streamflow);
        var series = new Dictionary<string, Series>(StringComparer.Ordinal);
        foreach (var row in table.Rows())
        {
            if (!DateOnly.TryParseExact(row[date], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{simulationCsv}, line {row.Line}: date '{row[date]}' is not yyyy-MM-dd.");
            if (!series.TryGetValue(row[basin], out var s)) series[row[basin]] = s = new Series();
            s.Add(day, CsvTable.Number(row[observed]), CsvTable.Number(row[et]), CsvTable.Number(row[baseflow]), CsvTable.Number(row[flow]));
        }
        if (series.Count == 0) return [];

        var first = series.Values.Min(s => s.Dates[0]);
        var last = series.Values.Max(s => s.Dates[^1]);
        var format = DatasetFormats.Detect(spec.Data);
        var data = format.Load(spec.Data, new DatasetRequest
        {
            Basins = BasinSelection.FromIds([.. series.Keys]), Period = new DatePeriod(first, last), Variables = [spec.Precipitation], ForcingSource = spec.ForcingSource,
            AttributesPath = spec.Attributes,
        });
        var precipitation = data.Variable(spec.Precipitation);
        return series.Select(kv => kv.Value.Summarize(kv.Key, data, precipitation)).ToList();
    }

    /// <summary>One basin's days as read from the simulation file.</summary>
    sealed class Series
    {
        public readonly List<DateOnly> Dates = [];
        readonly List<double> observed = [], et = [], baseflow = [], flow = [];

        public void Add(DateOnly day, double q, double e, double b, double f)
        {
            Dates.Add(day);
            observed.Add(q);
            et.Add(e);
            baseflow.Add(b);
            flow.Add(f);
        }

        public UntrainedOutputs Summarize(string id, HydroDataset data, DynamicVariable precipitation)
        {
            int column = data.BasinIndex(id);
            double p = 0, q = 0, e = 0, b = 0, f = 0;
            int n = 0;
            for (int i = 0; i < Dates.Count; i++)
            {
                double rain = precipitation[data.DayIndex(Dates[i]), column];
                if (!double.IsFinite(observed[i]) || !double.IsFinite(rain)) continue;
                (p, q, e, b, f, n) = (p + rain, q + observed[i], e + et[i], b + baseflow[i], f + flow[i], n + 1);
            }
            return n == 0
                ? new UntrainedOutputs(id, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
                : new UntrainedOutputs(id, n, p / n, q / n, e / n, f > 0 ? b / f : double.NaN, LyneHollickFilter.Index(observed));
        }
    }
}
