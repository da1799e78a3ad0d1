using System.Text;
using System.Text.RegularExpressions;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// The UDUNITS-2 spelling of the unit texts the datasets and models use (<c>mm/d</c>, <c>°C</c>, <c>W/m²</c>,
/// <c>mm/°C/d</c>), for NetCDF files that CF tools (cf-checker, xarray with cf_xarray/pint, CDO) must parse:
/// <c>mm d-1</c>, <c>degC</c>, <c>W m-2</c>, <c>mm degC-1 d-1</c>. Dimensionless <c>-</c> and an empty unit become
/// <c>1</c>, <c>%</c> becomes <c>percent</c>; a text that is not a product of powers (e.g. <c>log10(m²)</c>) is kept
/// with only its superscripts spelt out.
/// </summary>
public static partial class UdUnits
{
    public static string Of(string unit)
    {
        var u = unit.Trim().Replace("°C", "degC").Replace("²", "2").Replace("³", "3").Replace("⁻¹", "-1");
        if (u is "" or "-") return "1";
        if (u == "%") return "percent";
        var parts = u.Split('/');
        if (!parts.All(p => Factor().IsMatch(p))) return u;
        var s = new StringBuilder(parts[0] == "1" ? "" : parts[0]);
        foreach (var denominator in parts.Skip(1))
        {
            var m = Factor().Match(denominator);
            int power = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : 1;
            if (s.Length > 0) s.Append(' ');
            s.Append(m.Groups[1].Value).Append(-power);
        }
        return s.ToString();
    }

    /// <summary>One factor: a unit symbol with an optional positive integer power (<c>m2</c>, <c>degC</c>, <c>d</c>).</summary>
    [GeneratedRegex(@"^([A-Za-z]+|1)(\d+)?$")]
    private static partial Regex Factor();
}
