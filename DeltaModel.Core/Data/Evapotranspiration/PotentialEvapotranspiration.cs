namespace DeltaModel.Core.Data.Evapotranspiration;

/// <summary>
/// Temperature-based potential evapotranspiration [mm/d]. The Python original feeds HBV a PET series it does not
/// compute itself (spec §6.1: presumably the Hargreaves PET of the Feng et al. 2022 release; the dPL HBV chain
/// computes Hargreaves from tmax, tmin, latitude and day of year). Hargreaves is therefore the parity choice for
/// CAMELS Daymet; Oudin and Hamon need only the daily mean temperature, which is all that Caravan (ERA5-Land) and
/// the original CAMELS NLDAS/Maurer files (tmax == tmin) really provide. Negative results are floored at 0.
/// </summary>
public static class PotentialEvapotranspiration
{
    /// <summary>Latent heat of vaporisation [MJ kg⁻¹] (FAO-56); 1/λ = 0.408 converts MJ m⁻² d⁻¹ to mm/d.</summary>
    public const double LatentHeat = 2.45;

    /// <summary>Calibration coefficient of Hamon's formula as used by Lu et al. (2005) [-].</summary>
    public const double HamonCoefficient = 1.2;

    /// <summary>The method names accepted by loaders, configs and the CLI.</summary>
    public static readonly IReadOnlyList<string> Methods = ["none", "hargreaves", "oudin", "hamon"];

    /// <summary>
    /// Hargreaves &amp; Samani (1985), FAO-56 eq. 52: 0.0023 · (Tmean + 17.8) · √(Tmax − Tmin) · Ra/λ, with
    /// Tmean = (Tmax + Tmin)/2.
    /// </summary>
    /// <param name="tmin">Daily minimum air temperature [°C].</param>
    /// <param name="tmax">Daily maximum air temperature [°C]; below <paramref name="tmin"/> counts as no range.</param>
    /// <param name="latitudeDegrees">Latitude [°N].</param>
    /// <param name="dayOfYear">1 … 366.</param>
    public static double Hargreaves(double tmin, double tmax, double latitudeDegrees, int dayOfYear)
    {
        double ra = SolarGeometry.ExtraterrestrialRadiation(latitudeDegrees, dayOfYear);
        double tmean = (tmax + tmin) / 2;
        double pet = 0.0023 * (tmean + 17.8) * Math.Sqrt(Math.Max(tmax - tmin, 0)) * ra / LatentHeat;
        return Math.Max(pet, 0);
    }

    /// <summary>
    /// Oudin et al. (2005): Ra/(λρ) · (T + 5)/100 when T + 5 &gt; 0, else 0; with ρ = 1000 kg m⁻³ this is
    /// Ra/λ · (T + 5)/100 in mm/d.
    /// </summary>
    /// <param name="tmean">Daily mean air temperature [°C].</param>
    public static double Oudin(double tmean, double latitudeDegrees, int dayOfYear)
    {
        double ra = SolarGeometry.ExtraterrestrialRadiation(latitudeDegrees, dayOfYear);
        if (double.IsNaN(tmean)) return double.NaN;
        return tmean + 5 > 0 ? ra / LatentHeat * (tmean + 5) / 100 : 0;
    }

    /// <summary>
    /// Hamon (1961) in the form of Lu et al. (2005): 0.1651 · (N/12) · ρsat · k, with ρsat = 216.7 · esat/(T + 273.3)
    /// [g m⁻³], esat = 6.108 · exp(17.26939 · T/(T + 237.3)) [hPa] and k = <see cref="HamonCoefficient"/>.
    /// </summary>
    /// <param name="tmean">Daily mean air temperature [°C].</param>
    /// <param name="daylightHours">Day length N [h]. Range: 0–24.</param>
    public static double Hamon(double tmean, double daylightHours)
    {
        double esat = 6.108 * Math.Exp(17.26939 * tmean / (tmean + 237.3));
        double rhoSat = 216.7 * esat / (tmean + 273.3);
        return Math.Max(0.1651 * (daylightHours / 12) * rhoSat * HamonCoefficient, 0);
    }

    /// <summary>
    /// One basin's PET series by method name. NaN temperatures give NaN PET (they stay visible as missing).
    /// </summary>
    /// <param name="method">hargreaves, oudin or hamon.</param>
    /// <param name="start">Date of the first value.</param>
    /// <param name="tmin">[days] °C; needed by hargreaves.</param>
    /// <param name="tmax">[days] °C; needed by hargreaves.</param>
    /// <param name="tmean">[days] °C; needed by oudin and hamon.</param>
    /// <param name="daylightHours">[days] h for hamon; null computes it from latitude (FAO-56 eq. 34).</param>
    /// <returns>[days] PET in mm/d.</returns>
    public static float[] Series(string method, DateOnly start, int days, double latitudeDegrees,
        ReadOnlySpan<float> tmin, ReadOnlySpan<float> tmax, ReadOnlySpan<float> tmean, ReadOnlySpan<float> daylightHours)
    {
        var pet = new float[days];
        for (int t = 0; t < days; t++)
        {
            int doy = start.AddDays(t).DayOfYear;
            pet[t] = method switch
            {
                "hargreaves" => (float)Hargreaves(tmin[t], tmax[t], latitudeDegrees, doy),
                "oudin" => (float)Oudin(tmean[t], latitudeDegrees, doy),
                "hamon" => (float)Hamon(tmean[t],
                    daylightHours.IsEmpty ? SolarGeometry.DaylightHours(latitudeDegrees, doy) : daylightHours[t]),
                _ => throw new DataException(
                    $"unknown PET method '{method}'{Configuration.Names.DidYouMean(method, Methods)}; expected one of {string.Join(", ", Methods)}."),
            };
        }
        return pet;
    }

    /// <summary>Throws for a name outside <see cref="Methods"/>, with a suggestion.</summary>
    public static string CheckMethod(string method)
    {
        var m = method.Trim().ToLowerInvariant();
        return Methods.Contains(m)
            ? m
            : throw new DataException(
                $"unknown PET method '{method}'{Configuration.Names.DidYouMean(method, Methods)}; expected one of {string.Join(", ", Methods)}.");
    }
}
