namespace DeltaModel.Core.Data.Evapotranspiration;

/// <summary>
/// Top-of-atmosphere radiation and day length from latitude and day of year, after FAO Irrigation and Drainage
/// Paper 56 (Allen et al. 1998), eqs. 21–25 and 34. Temperature-based PET formulas need them because the forcing
/// products (ERA5-Land in Caravan, NLDAS/Maurer in CAMELS) do not carry a usable radiation term for every basin.
/// </summary>
public static class SolarGeometry
{
    /// <summary>Solar constant [MJ m⁻² min⁻¹] (FAO-56).</summary>
    public const double SolarConstant = 0.0820;

    /// <summary>Solar declination [rad] (FAO-56 eq. 24).</summary>
    /// <param name="dayOfYear">1 (1 January) … 365 or 366.</param>
    public static double Declination(int dayOfYear) => 0.409 * Math.Sin(2 * Math.PI / 365 * dayOfYear - 1.39);

    /// <summary>Inverse relative Earth–Sun distance [-] (FAO-56 eq. 23).</summary>
    public static double InverseRelativeDistance(int dayOfYear) => 1 + 0.033 * Math.Cos(2 * Math.PI / 365 * dayOfYear);

    /// <summary>
    /// Sunset hour angle [rad] (FAO-56 eq. 25). The arccos argument is clamped to [-1, 1] so that polar day
    /// (ω = π) and polar night (ω = 0) come out instead of NaN.
    /// </summary>
    public static double SunsetHourAngle(double latitudeDegrees, int dayOfYear)
    {
        double phi = latitudeDegrees * Math.PI / 180;
        double x = -Math.Tan(phi) * Math.Tan(Declination(dayOfYear));
        return Math.Acos(Math.Clamp(x, -1.0, 1.0));
    }

    /// <summary>
    /// Daily extraterrestrial radiation Ra [MJ m⁻² d⁻¹] (FAO-56 eq. 21). FAO-56 example 8: 20° S on 3 September
    /// (day 246) gives 32.2.
    /// </summary>
    /// <param name="latitudeDegrees">Latitude [°], north positive. Range: −90…90.</param>
    /// <param name="dayOfYear">1 … 366.</param>
    public static double ExtraterrestrialRadiation(double latitudeDegrees, int dayOfYear)
    {
        CheckLatitude(latitudeDegrees);
        double phi = latitudeDegrees * Math.PI / 180;
        double delta = Declination(dayOfYear);
        double ws = SunsetHourAngle(latitudeDegrees, dayOfYear);
        double ra = 24 * 60 / Math.PI * SolarConstant * InverseRelativeDistance(dayOfYear)
                    * (ws * Math.Sin(phi) * Math.Sin(delta) + Math.Cos(phi) * Math.Cos(delta) * Math.Sin(ws));
        return Math.Max(ra, 0);
    }

    /// <summary>Daylight hours N [h] (FAO-56 eq. 34); 11.7 h at 20° S on 3 September (example 9).</summary>
    public static double DaylightHours(double latitudeDegrees, int dayOfYear)
    {
        CheckLatitude(latitudeDegrees);
        return 24 / Math.PI * SunsetHourAngle(latitudeDegrees, dayOfYear);
    }

    static void CheckLatitude(double latitudeDegrees)
    {
        if (!(latitudeDegrees >= -90 && latitudeDegrees <= 90))
            throw new DataException($"latitude {latitudeDegrees} is not in −90…90 degrees; PET needs the basin's latitude.");
    }
}
