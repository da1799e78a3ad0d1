using System.Globalization;
using System.Text.RegularExpressions;

namespace DeltaModel.Core.Data.NetCdf;

/// <summary>
/// CF time coordinates: <c>units = "&lt;unit&gt; since &lt;origin&gt;"</c> (CF-1.8 §4.4), e.g. <c>days since
/// 1981-01-01</c> or xarray's <c>hours since 1951-01-01 00:00:00</c>, in the standard (proleptic) Gregorian calendar.
/// A daily series' value becomes the day its time stamp falls on.
/// </summary>
internal static partial class TimeUnits
{
    static readonly Dictionary<string, double> secondsPer = new(StringComparer.OrdinalIgnoreCase)
    {
        ["days"] = 86400, ["day"] = 86400, ["d"] = 86400,
        ["hours"] = 3600, ["hour"] = 3600, ["hrs"] = 3600, ["hr"] = 3600, ["h"] = 3600,
        ["minutes"] = 60, ["minute"] = 60, ["min"] = 60, ["mins"] = 60,
        ["seconds"] = 1, ["second"] = 1, ["sec"] = 1, ["secs"] = 1, ["s"] = 1,
    };

    static readonly string[] gregorian = ["standard", "gregorian", "proleptic_gregorian"];

    /// <summary>The dates of <paramref name="values"/> in <paramref name="units"/>.</summary>
    /// <param name="where">The variable, for messages (e.g. <c>variable date</c>).</param>
    /// <exception cref="DataException">Units that are not "&lt;unit&gt; since &lt;date&gt;", a non-Gregorian calendar, or a value off the calendar.</exception>
    public static DateOnly[] Decode(string path, string where, string? units, string? calendar, double[] values)
    {
        if (calendar is not null && !gregorian.Contains(calendar.Trim(), StringComparer.OrdinalIgnoreCase))
            throw new DataException(path, null, $"{where} has calendar '{calendar}'; only the Gregorian calendar (standard, gregorian, proleptic_gregorian) is read, as daily hydrological series use.");
        var m = units is null ? null : Since().Match(units.Trim());
        if (m is null || !m.Success || !secondsPer.TryGetValue(m.Groups["unit"].Value, out double seconds))
            throw new DataException(path, null,
                $"{where} has units '{units ?? "(none)"}'; expected CF time units '<days|hours|minutes|seconds> since <yyyy-mm-dd[ hh:mm:ss]>', e.g. 'days since 1981-01-01'.");
        var origin = new DateTime(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), 0, 0, 0, DateTimeKind.Unspecified);
        if (m.Groups["h"].Success)
            origin = origin.AddHours(int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture)).AddMinutes(int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture))
                .AddSeconds(m.Groups["s"].Success ? double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
        var dates = new DateOnly[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double offset = values[i] * seconds;
            if (!double.IsFinite(offset) || Math.Abs(offset) > 3e11)
                throw new DataException(path, null, $"{Number(values[i])} in {where} at index {i} is not a date in '{units}'.");
            dates[i] = DateOnly.FromDateTime(origin.AddSeconds(Math.Round(offset, 3)));
        }
        return dates;
    }

    static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<unit>[A-Za-z]+)\s+since\s+(?<y>-?\d{1,4})-(?<mo>\d{1,2})-(?<d>\d{1,2})(?:[ T](?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{1,2}(?:\.\d*)?))?)?\s*(?:Z|UTC|[+-]00:?00)?$")]
    private static partial Regex Since();
}
