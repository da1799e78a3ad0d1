using System.Globalization;
using DeltaModel.Core.Data;
using DeltaModel.Core.Training;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// Writes a simulation as one NetCDF file (classic format, 64-bit offset variant: <see cref="NetCdfClassicFile"/>), the array layout climate and
/// hydrology tools (xarray, ncview, CDO, R ncdf4) open directly, where the long CSV/Parquet tables need reshaping.
/// </summary>
/// <remarks>
/// Layout (docs/outputs.md, "NetCDF"): dimensions <c>basin</c> × <c>time</c>; coordinate variables <c>basin</c> (ids as
/// a char array <c>[basin, basin_strlen]</c>, as CF stores station ids) and <c>time</c> (float64, CF units <c>days since START</c>); one float32 variable <c>[basin, time]</c> per
/// series plus <c>observed</c>, and one float32 <c>[basin]</c> variable per scalar (e.g. BFI). Every data variable has a
/// UDUNITS-2 <c>units</c> attribute (<see cref="UdUnits"/>: <c>mm d-1</c>, <c>degC</c>); missing values are NaN. Given
/// the basins' <see cref="NetCdfStations"/>, the file also holds the station coordinates <c>lat</c>, <c>lon</c> and the
/// catchment <c>area</c> (CF <c>standard_name</c> where CF has one, <c>coordinates = "lat lon"</c> on every series) and,
/// for a target in mm/d, <c>discharge</c> (and <c>observed_discharge</c>) in m3 s-1: the depth times the area.
/// </remarks>
public static class NetCdfWriter
{
    /// <summary>The file name front ends use for this format.</summary>
    public const string FileName = "simulation.nc";

    /// <summary>Writes <paramref name="path"/> atomically (a reader never sees a half-written file).</summary>
    /// <param name="output">Simulated series, time-major <c>[T, B]</c>.</param>
    /// <param name="observed">Observed target <c>[T, B]</c> over the same days, or null.</param>
    /// <param name="units">Unit of every series and scalar by name (and of <c>observed</c> when given), as the model
    /// declares them.</param>
    /// <param name="stations">Where the basins are, and the target series to convert to m3 s-1; null = neither.</param>
    /// <returns>The path written.</returns>
    /// <exception cref="ArgumentException">A variable has no unit.</exception>
    public static string Write(string path, SimulationOutput output, float[]? observed, IReadOnlyDictionary<string, string> units,
        NetCdfStations? stations = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        var missing = output.Series.Keys.Concat(output.Scalars.Keys).Concat(observed is null ? [] : ["observed"]).Where(n => !units.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{path}: no unit for {string.Join(", ", missing)}; the model declares the units of its outputs, pass them all.");
        if (stations is not null && stations.Locations.Count != output.Basins.Count)
            throw new ArgumentException($"{path}: {stations.Locations.Count} station locations for {output.Basins.Count} basins.");
        var file = Build(output, observed, name => UdUnits.Of(units[name]), stations);
        AtomicFile.Write(path, tmp => file.Write(tmp));
        return path;
    }

    static NetCdfClassicFile Build(SimulationOutput o, float[]? observed, Func<string, string> unitOf, NetCdfStations? stations)
    {
        int B = o.Basins.Count, T = o.Days;
        var file = new NetCdfClassicFile();
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["Conventions"] = "CF-1.8",
                     ["title"] = "DeltaModel simulation",
                     ["source"] = "DeltaModel",
                     ["featureType"] = "timeSeries",
                 })
            file.Attributes[name] = value;
        file.AddDimension("basin", B);
        file.AddDimension("time", T);
        Set(file.AddStrings("basin", "basin", "basin_strlen", o.Basins.ToArray()),
            new() { ["long_name"] = "basin id", ["cf_role"] = "timeseries_id" });
        Set(file.AddDouble("time", ["time"], Enumerable.Range(0, T).Select(t => (double)t).ToArray()), new()
        {
            ["standard_name"] = "time",
            ["long_name"] = "simulated day",
            ["units"] = $"days since {o.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            ["calendar"] = "standard",
            ["axis"] = "T",
        });
        if (stations is not null)
        {
            Set(file.AddDouble("lat", ["basin"], stations.Locations.Select(l => l.Latitude).ToArray()),
                new() { ["standard_name"] = "latitude", ["long_name"] = "gauge latitude", ["units"] = "degrees_north" });
            Set(file.AddDouble("lon", ["basin"], stations.Locations.Select(l => l.Longitude).ToArray()),
                new() { ["standard_name"] = "longitude", ["long_name"] = "gauge longitude", ["units"] = "degrees_east" });
            Set(file.AddDouble("area", ["basin"], stations.Locations.Select(l => l.AreaKm2).ToArray()),
                new() { ["long_name"] = "catchment area", ["units"] = "km2" });
        }
        if (observed is not null) Series(file, "observed", observed, B, T, unitOf("observed"), stations);
        foreach (var (name, values) in o.Series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Series(file, name, values, B, T, unitOf(name), stations);
        if (stations is not null && o.Series.TryGetValue(stations.Target, out var target) && unitOf(stations.Target) == "mm d-1")
        {
            var areas = stations.Locations.Select(l => l.AreaKm2).ToArray();
            Discharge(file, "discharge", target, areas, B, T, stations, $"simulated {stations.Target}");
            if (observed is not null)
                Discharge(file, "observed_discharge", observed, areas, B, T, stations, "observed streamflow");
        }
        foreach (var (name, values) in o.Scalars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (file.Contains(name)) throw new ArgumentException($"scalar '{name}' has the name of a series; rename one of them.");
            file.AddFloat(name, ["basin"], values.ToArray())["units"] = unitOf(name);
        }
        return file;
    }

    static void Set(Dictionary<string, string> attributes, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values) attributes[name] = value;
    }

    /// <summary>
    /// A depth series in mm/d as a volume flux in m3 s-1: q · area · 10⁶ m²/km² · 10⁻³ m/mm / 86400 s/d = q · area / 86.4.
    /// A basin without an area gets NaN.
    /// </summary>
    static void Discharge(NetCdfClassicFile file, string name, float[] timeMajor, double[] areasKm2, int B, int T,
        NetCdfStations stations, string what)
    {
        var m3s = new float[timeMajor.LongLength];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) m3s[(long)t * B + b] = (float)(timeMajor[(long)t * B + b] * areasKm2[b] / 86.4);
        var attributes = Series(file, name, m3s, B, T, "m3 s-1", stations);
        attributes["standard_name"] = "water_volume_transport_in_river_channel";
        attributes["long_name"] = $"{what} as discharge (depth times catchment area)";
    }

    /// <summary>A float32 <c>[basin, time]</c> variable from a time-major <c>[T, B]</c> array.</summary>
    static Dictionary<string, string> Series(NetCdfClassicFile file, string name, float[] timeMajor, int B, int T, string unit,
        NetCdfStations? stations)
    {
        if (timeMajor.LongLength != (long)T * B)
            throw new ArgumentException($"a series has {timeMajor.LongLength} values; expected days × basins = {T} × {B}.");
        var basinMajor = new float[timeMajor.LongLength];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) basinMajor[(long)b * T + t] = timeMajor[(long)t * B + b];
        var attributes = file.AddFloat(name, ["basin", "time"], basinMajor);
        attributes["units"] = unit;
        if (stations is not null) attributes["coordinates"] = "lat lon";
        return attributes;
    }
}

/// <summary>What a NetCDF output needs to know of the basins beyond their ids.</summary>
/// <param name="Locations">Per basin, in the output's basin order: latitude, longitude and area (NaN where unknown).</param>
/// <param name="Target">The simulated series that is discharge as a depth (mm/d), written also in m3 s-1.</param>
public sealed record NetCdfStations(IReadOnlyList<BasinLocation> Locations, string Target);
