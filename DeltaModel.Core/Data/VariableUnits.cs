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
    public static double Check(double value, string variable, string path, int line, string column, string? unit = null)
    {
        var rule = Variables.GetValueOrDefault(variable);
        if (!double.IsFinite(value))
            throw new DataException(path, line,
                $"{Text(value)} in column {column} is not a finite number (rule: every value is a finite number{(rule is null ? "" : $" in {rule.Range.Describe(unit ?? rule.Unit)}")}).");
        if (rule is not null && !rule.Range.Contains(value))
            throw new DataException(path, line,
                $"{Text(value)} in column {column} is outside the plausible range of {variable}: {rule.Range.Describe(unit ?? rule.Unit)} ({rule.Why}).");
        return value;
    }

    static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
