using System.Globalization;

namespace DeltaModel.Core.Data;

/// <summary>
/// The dataset-wide variable names with their units and plausible ranges, shared by the loaders so that every
/// dataset speaks one vocabulary and obeys one set of value rules. This table is the single place a range lives.
/// </summary>
public static class VariableUnits
{
    /// <summary>One variable's unit and the values it can physically take.</summary>
    public sealed record Variable(string Unit, PlausibleRange Range, string Why);

    /// <summary>
    /// Variable name → unit and plausible range. <c>streamflow</c> is the target. Bounds are physical limits with a
    /// margin, not climatology: they catch sentinels (−999, 999), sign errors and unit mix-ups, never a real extreme.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Variable> Variables = new Dictionary<string, Variable>(StringComparer.Ordinal)
    {
        ["prcp"] = new("mm/d", new(0, 2000), "no negative rain; the world's wettest day had 1825 mm"),
        ["tmax"] = new("°C", new(-90, 60), "air temperature on Earth stays within -90…60 °C"),
        ["tmin"] = new("°C", new(-90, 60), "air temperature on Earth stays within -90…60 °C"),
        ["tmean"] = new("°C", new(-90, 60), "air temperature on Earth stays within -90…60 °C"),
        ["srad"] = new("W/m²", new(0, 1400), "no negative radiation; the solar constant is 1361 W/m²"),
        ["vp"] = new("Pa", new(0, 20000), "no negative vapour pressure; saturation at 60 °C is about 19900 Pa"),
        ["dayl"] = new("s", new(0, 86400), "a day has 86400 s"),
        ["swe"] = new("mm", PlausibleRange.AtLeast(0), "no negative snow"),
        ["pet"] = new("mm/d", PlausibleRange.AtLeast(0), "no negative potential evapotranspiration"),
        ["streamflow"] = new("mm/d", PlausibleRange.AtLeast(0), "no negative discharge"),
    };

    /// <summary>Variable name → unit.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known =
        Variables.ToDictionary(p => p.Key, p => p.Value.Unit, StringComparer.Ordinal);

    /// <summary>The unit of <paramref name="name"/>, or empty when the name is not a known one.</summary>
    public static string Of(string name) => Known.GetValueOrDefault(name, "");

    /// <summary>
    /// Returns <paramref name="value"/> when it is a finite number within the range of <paramref name="variable"/>
    /// (only finiteness for a variable without a range); otherwise throws one <see cref="DataException"/> naming the
    /// file, line, column, value and the rule.
    /// </summary>
    /// <param name="column">The column as the file names it (e.g. <c>prcp</c>, <c>P</c>, <c>Q</c>).</param>
    /// <param name="unit">The unit the file's value is in, when it differs from the variable's (ft³/s discharge).</param>
    /// <param name="at">Where in the file, for formats without lines: e.g. <c> at index 8 (1981-01-09)</c>, <c> at row 9</c>.</param>
    public static double Check(double value, string variable, string path, int? line, string column, string? unit = null, string at = "")
    {
        var rule = Variables.GetValueOrDefault(variable);
        if (!double.IsFinite(value))
            throw new DataException(path, line,
                $"{Text(value)} in column {column}{at} is not a finite number (rule: every value is a finite number{(rule is null ? "" : $" in {rule.Range.Describe(unit ?? rule.Unit)}")}).");
        if (rule is not null && !rule.Range.Contains(value))
            throw new DataException(path, line,
                $"{Text(value)} in column {column}{at} is outside the plausible range of {variable}: {rule.Range.Describe(unit ?? rule.Unit)} ({rule.Why}){UnitHint(variable, value, unit)}.");
        return value;
    }

    /// <summary>
    /// Units a file may declare (NetCDF's <c>units</c> attribute) that contradict the unit a variable is read in: the
    /// common mix-ups of ERA5 and model output (kelvin, metres of water, kg m⁻² s⁻¹, m³ s⁻¹). Compared after
    /// <see cref="NormalizeUnit"/>. A unit not listed here is taken as declared: the value ranges still apply.
    /// </summary>
    static readonly Dictionary<string, string[]> contradicting = new(StringComparer.Ordinal)
    {
        ["°C"] = ["k", "kelvin", "degk", "degreesk", "degf", "degreesf", "fahrenheit"],
        ["mm/d"] = ["m", "m/d", "md-1", "m/day", "mday-1", "kgm-2s-1", "kg/m2/s", "mm/h", "mmh-1", "mm/s", "mms-1", "m3/s", "m3s-1", "m^3/s", "ft3/s", "ft3s-1", "cfs"],
        ["mm"] = ["m", "cm", "kgm-2"],
    };

    /// <summary>
    /// Throws when <paramref name="declared"/> (a file's own unit text) contradicts the unit <paramref name="variable"/>
    /// is read in, e.g. <c>K</c> for a temperature read in °C or <c>m</c> for a precipitation read in mm/d.
    /// </summary>
    public static void CheckDeclaredUnit(string? declared, string variable, string path, string column)
    {
        var rule = Variables.GetValueOrDefault(variable);
        if (rule is null || string.IsNullOrWhiteSpace(declared)) return;
        if (contradicting.TryGetValue(rule.Unit, out var wrong) && wrong.Contains(NormalizeUnit(declared)))
            throw new DataException(path, null,
                $"column {column} declares units '{declared}', but {variable} is read in {rule.Unit}; convert the values to {rule.Unit} " +
                "(e.g. °C = K − 273.15, mm/d = m/d × 1000) and declare the unit the values are in.");
    }

    static string NormalizeUnit(string unit) => unit.Trim().ToLowerInvariant().Replace(" ", "").Replace("**", "^").Replace("day", "d").Replace("°", "deg");

    /// <summary>
    /// The smallest largest-daily precipitation a year or more of real data shows [mm/d]: below it, a series is far
    /// likelier to be in metres per day (ERA5's native unit) than from a basin where it never rained 0.5 mm in a year.
    /// </summary>
    const double SmallestYearlyPrecipitationMax = 0.5;

    /// <summary>
    /// Throws when a whole series' values contradict its unit in a way no single value's range catches: a year or more
    /// of precipitation (or PET) whose largest day stays below <see cref="SmallestYearlyPrecipitationMax"/> mm/d, the
    /// signature of m/d. <paramref name="locate"/> turns the day index into the file's position (line or index) for the message.
    /// </summary>
    public static void CheckSeriesUnit(string variable, string column, ReadOnlySpan<float> values, string path, Func<int, (int? Line, string At)> locate)
    {
        if (variable != "prcp" || values.Length < 365) return;
        int largest = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[largest]) largest = i;
        double max = values[largest];
        if (max >= SmallestYearlyPrecipitationMax) return;
        var (line, at) = locate(largest);
        throw new DataException(path, line,
            $"{Text(max)} in column {column}{at} is the largest of {values.Length} days of {variable}: a unit that contradicts mm/d " +
            $"(rain below {SmallestYearlyPrecipitationMax} mm/d every day for a year or more). It looks like m/d: multiply by 1000 to write mm/d.");
    }

    /// <summary>A pointer to the likely unit mix-up behind an out-of-range value: kelvin for °C.</summary>
    static string UnitHint(string variable, double value, string? unit) =>
        Variables[variable].Unit == "°C" && unit is null && value is >= 180 and <= 340
            ? "; it looks like kelvin: write °C = K − 273.15"
            : "";

    static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
