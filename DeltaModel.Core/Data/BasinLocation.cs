namespace DeltaModel.Core.Data;

/// <summary>Where a basin is, as far as the physics and PET formulas need it.</summary>
/// <param name="Latitude">Gauge or centroid latitude [degrees north]; used by PET formulas.</param>
/// <param name="Elevation">Mean elevation [m]; NaN when unknown.</param>
/// <param name="AreaKm2">Catchment area [km²]; used to convert discharge to depth.</param>
/// <param name="Longitude">Gauge longitude [degrees east]; NaN when the dataset does not give it. Written to NetCDF outputs.</param>
public sealed record BasinLocation(double Latitude, double Elevation, double AreaKm2, double Longitude = double.NaN);
