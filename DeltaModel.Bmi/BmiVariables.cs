namespace DeltaModel.Bmi;

/// <summary>
/// The BMI's input variables: CSDMS standard names in the units NextGen's forcing providers deliver, each bound to the
/// model's daily forcing it feeds (by the dataset variable names that mean it) with the conversion to the model's
/// units (mm d-1, °C). NextGen converts other units to the declared ones itself (UDUNITS).
/// </summary>
internal sealed record BmiInput(string Name, string Units, string[] ModelNames, Func<double, double> ToModel, Func<double, double> FromModel)
{
    public static readonly BmiInput[] All =
    [
        new("atmosphere_water__liquid_equivalent_precipitation_rate", "mm s-1",
            ["prcp", "precipitation", "total_precipitation_sum", "p", "prcp_mm_day"], v => v * BmiConfig.DaySeconds, v => v / BmiConfig.DaySeconds),
        new("land_surface_air__temperature", "K",
            ["tmean", "temperature_2m_mean", "tavg", "temperature", "t_mean"], v => v - 273.15, v => v + 273.15),
        new("water_potential_evaporation_flux", "mm s-1",
            ["pet", "potential_evaporation_sum", "pet_oudin", "potential_evaporation", "pet_mm_day"], v => v * BmiConfig.DaySeconds, v => v / BmiConfig.DaySeconds),
    ];

    /// <summary>The input that feeds model forcing <paramref name="modelName"/>.</summary>
    /// <exception cref="BmiException">A forcing no standard input provides.</exception>
    public static BmiInput For(string modelName) =>
        All.FirstOrDefault(i => i.ModelNames.Contains(modelName, StringComparer.OrdinalIgnoreCase))
        ?? throw new BmiException($"the model reads forcing '{modelName}', which no BMI input provides " +
                                  $"(precipitation, air temperature and potential evapotranspiration only: {string.Join(", ", All.Select(i => i.Name))}).");
}

/// <summary>The BMI's output variables besides the model's own series (which keep their names and daily units).</summary>
internal static class BmiOutputs
{
    /// <summary>Routed streamflow as a volume flux [m3 s-1]: mm d-1 × area.</summary>
    public const string RunoffVolumeFlux = "land_surface_water__runoff_volume_flux";

    /// <summary>Routed streamflow as the depth over the catchment in one time step [m].</summary>
    public const string RunoffDepth = "land_surface_water__runoff_depth";

    /// <summary>mm d-1 over <paramref name="areaKm2"/> → m3 s-1.</summary>
    public static double VolumeFlux(double mmPerDay, double areaKm2) => mmPerDay * 1e-3 * areaKm2 * 1e6 / BmiConfig.DaySeconds;
}
