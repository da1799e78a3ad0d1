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
