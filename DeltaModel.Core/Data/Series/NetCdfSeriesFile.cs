using System.Globalization;
using DeltaModel.Core.Data.NetCdf;

namespace DeltaModel.Core.Data.Series;

/// <summary>
/// One basin's daily series as a NetCDF file (classic or netCDF-4): a time coordinate variable <c>date</c> with CF
/// units (<c>days since …</c>, <c>hours since …</c>) and one variable per series along it — the form of Caravan's
/// <c>timeseries/netcdf/&lt;source&gt;/&lt;gauge_id&gt;.nc</c> and NeuralHydrology's <c>time_series/&lt;gauge_id&gt;.nc</c>.
/// Values are unpacked (<c>scale_factor</c>, <c>add_offset</c>); <c>_FillValue</c>, <c>missing_value</c>, NaN and,
/// where no <c>_FillValue</c> is declared, netCDF's default fill are missing; then the rules of <see cref="SeriesRules"/>
/// apply, positions given as <c>index i (date)</c>. A variable whose <c>units</c> contradict the unit it is read in
/// (<c>K</c> for a temperature) is an error (<see cref="VariableUnits.CheckDeclaredUnit"/>).
/// </summary>
internal static class NetCdfSeriesFile
{
    public static BasinSeries Read(string path, IReadOnlyList<SeriesColumn> columns, string dateVariable = "date")
    {
        using var nc = NetCdfFile.Open(path);
        var names = nc.Variables;
        if (!names.Contains(dateVariable))
            throw new DataException(path, null, $"no '{dateVariable}' variable (the time coordinate); the file has: {string.Join(", ", names)}.");
        var dates = TimeUnits.Decode(path, $"variable {dateVariable}", nc.Text(dateVariable, "units"), nc.Text(dateVariable, "calendar"), nc.Read(dateVariable));
        if (dates.Length == 0) throw new DataException(path, null, $"the {dateVariable} dimension is empty; expected one entry per day.");
        SeriesRules.Position At(int i) => new(null, $" at index {i} ({dates[i]:yyyy-MM-dd})");
        for (int i = 1; i < dates.Length; i++) SeriesRules.NextDate(path, At(i), dateVariable, dates[i], dates[i - 1]);

        var missing = columns.Where(c => !names.Contains(c.Name)).ToList();
        if (missing.Count > 0) throw SeriesRules.MissingColumns(path, null, missing, names.Where(n => n != dateVariable), "variable");
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (!nc.IsNumeric(c.Name)) throw new DataException(path, null, $"variable {c.Name} (for {c.Variable}) holds text, not numbers.");
            var raw = nc.Read(c.Name);
            if (raw.Length != dates.Length)
                throw new DataException(path, null,
                    $"variable {c.Name} has dimensions ({string.Join(", ", nc.Dimensions(c.Name))}) and {raw.Length} values; expected one value per {dateVariable} ({dates.Length}).");
            if (nc.Text(c.Name, "units") is { } declared)
            {
                VariableUnits.CheckDeclaredUnit(declared, c.Variable, path, c.Name);
                units[c.Variable] = declared;
            }
            double fill = nc.Number(c.Name, "_FillValue") ?? nc.DefaultFill(c.Name);
            double? missingValue = nc.Number(c.Name, "missing_value");
            double scale = nc.Number(c.Name, "scale_factor") ?? 1, offset = nc.Number(c.Name, "add_offset") ?? 0;
            var column = new float[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                double x = raw[i];
                bool isMissing = double.IsNaN(x) || x == fill || x == missingValue;
                column[i] = SeriesRules.Value(path, At(i), c, x * scale + offset, isMissing, isMissing ? Shown(x, fill) : "");
            }
            values[c.Variable] = column;
        }
        SeriesRules.WholeSeries(path, columns, values, At);
        return new BasinSeries { Path = path, Period = new DatePeriod(dates[0], dates[^1]), Values = values, DeclaredUnits = units };
    }

    static string Shown(double x, double fill) =>
        double.IsNaN(x) ? "NaN" : x.ToString("R", CultureInfo.InvariantCulture) + (x == fill ? ", the fill value" : ", the missing_value");
}
