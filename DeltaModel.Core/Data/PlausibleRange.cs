using System.Globalization;

namespace DeltaModel.Core.Data;

/// <summary>
/// The values a variable can physically take, inclusive at both ends; an open end is infinite. NaN and ±∞ are never
/// plausible: a value either is a finite number in range or the load stops (see <see cref="VariableUnits.Check"/>).
/// </summary>
public readonly record struct PlausibleRange(double Min, double Max)
{
    /// <summary>A range with only a lower bound, e.g. "≥ 0" for precipitation.</summary>
    public static PlausibleRange AtLeast(double min) => new(min, double.PositiveInfinity);

    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    /// <summary>The rule as a user reads it, e.g. <c>≥ 0 mm/d</c> or <c>-90…60 °C</c>.</summary>
    public string Describe(string unit)
    {
        var u = unit.Length > 0 ? " " + unit : "";
        return double.IsPositiveInfinity(Max)
            ? $"≥ {Number(Min)}{u}"
            : $"{Number(Min)}…{Number(Max)}{u}";
    }

    static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
