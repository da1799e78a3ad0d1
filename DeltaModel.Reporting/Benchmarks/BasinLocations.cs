using DeltaModel.Core.Data.Camels;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>Gauge coordinates (gauge_lat, gauge_lon) from CAMELS attribute tables, for the difference maps.</summary>
public static class BasinLocations
{
    /// <summary>Basin → (longitude, latitude) for the basins the tables know.</summary>
    public static IReadOnlyDictionary<string, (double Lon, double Lat)> Read(string attributesFolder)
    {
        var table = CamelsAttributeTable.Load(attributesFolder);
        if (!table.HasAttribute("gauge_lat") || !table.HasAttribute("gauge_lon"))
            throw new InvalidDataException($"{attributesFolder}: the attribute tables have no gauge_lat and gauge_lon columns (CAMELS camels_topo.txt has them).");
        return table.Basins.ToDictionary(b => b, b => (table.Value(b, "gauge_lon"), table.Value(b, "gauge_lat")), StringComparer.Ordinal);
    }
}
