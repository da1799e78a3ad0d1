using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Metrics;

/// <summary>
/// How well a twin experiment recovered one physics parameter: each basin's (site's) learned value against the true
/// value the data were made with (<c>test.true_parameters</c>). R² is the coefficient of determination about the 1:1
/// line, <c>1 − Σ(learned − true)² / Σ(true − mean true)²</c> (stricter than a squared correlation: a biased or
/// mis-scaled recovery loses it); bias is the mean of learned − true; RMSE the root mean square of it.
/// </summary>
/// <param name="Parameter">The physics parameter, e.g. <c>Vcmax25</c>.</param>
/// <param name="Attribute">The attribute holding its true values, e.g. <c>vcmax25_true</c>.</param>
/// <param name="Basins">Basins (sites), in the order of the values.</param>
/// <param name="True">True values.</param>
/// <param name="Learned">Learned values (the basin's <c>param_&lt;name&gt;</c> scalar).</param>
public sealed record ParameterRecovery(string Parameter, string Attribute, IReadOnlyList<string> Basins, double[] True, double[] Learned)
{
    /// <summary>The file a scored evaluation writes in its phase folder.</summary>
    public const string FileName = "parameter_recovery.csv";

    static readonly string[] header = ["basin", "parameter", "attribute", "true", "learned"];

    /// <summary>Basins with a finite true and learned value.</summary>
    public int Count => Pairs().Count();

    /// <summary>Coefficient of determination about the 1:1 line (NaN with fewer than two basins or no spread).</summary>
    public double R2
    {
        get
        {
            var pairs = Pairs().ToList();
            if (pairs.Count < 2) return double.NaN;
            double mean = pairs.Average(p => p.True);
            double total = pairs.Sum(p => (p.True - mean) * (p.True - mean));
            return total > 0 ? 1 - pairs.Sum(p => (p.Learned - p.True) * (p.Learned - p.True)) / total : double.NaN;
        }
    }

    /// <summary>Mean of learned − true, in the parameter's unit.</summary>
    public double Bias => Count == 0 ? double.NaN : Pairs().Average(p => p.Learned - p.True);

    /// <summary>Root mean square of learned − true, in the parameter's unit.</summary>
    public double Rmse => Count == 0 ? double.NaN : Math.Sqrt(Pairs().Average(p => (p.Learned - p.True) * (p.Learned - p.True)));

    IEnumerable<(double True, double Learned)> Pairs() =>
        True.Zip(Learned).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second));

    /// <summary>The recoveries of several runs over disjoint basins (the folds' held-out sites) as one, per parameter.</summary>
    public static IReadOnlyList<ParameterRecovery> Pool(IEnumerable<IReadOnlyList<ParameterRecovery>> runs) =>
        runs.SelectMany(r => r).GroupBy(r => (r.Parameter, r.Attribute))
            .Select(g => new ParameterRecovery(g.Key.Parameter, g.Key.Attribute, [.. g.SelectMany(r => r.Basins)],
                [.. g.SelectMany(r => r.True)], [.. g.SelectMany(r => r.Learned)]))
            .ToList();

    /// <summary>Writes <see cref="FileName"/> in <paramref name="folder"/> (one row per basin and parameter), atomically.</summary>
    /// <returns>The path written.</returns>
    public static string Write(string folder, IReadOnlyList<ParameterRecovery> recoveries)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        CsvTable.Write(path, header, rows =>
        {
            foreach (var r in recoveries)
                for (int i = 0; i < r.Basins.Count; i++)
                    rows.Row([r.Basins[i], r.Parameter, r.Attribute, Text(r.True[i]), Text(r.Learned[i])]);
        });
        return path;
    }

    /// <summary>Reads a file <see cref="Write"/> wrote (the report's plot).</summary>
    public static IReadOnlyList<ParameterRecovery> Read(string path)
    {
        var table = CsvTable.Open(path);
        int basin = table.Column("basin"), parameter = table.Column("parameter"), attribute = table.Column("attribute");
        int truth = table.Column("true"), learned = table.Column("learned");
        return table.Rows().Select(r => (Basin: r[basin], Parameter: r[parameter], Attribute: r[attribute], True: r.Number(truth), Learned: r.Number(learned)))
            .GroupBy(r => (r.Parameter, r.Attribute))
            .Select(g => new ParameterRecovery(g.Key.Parameter, g.Key.Attribute, [.. g.Select(r => r.Basin)], [.. g.Select(r => r.True)], [.. g.Select(r => r.Learned)]))
            .ToList();
    }

    static string Text(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NaN";
}
