using System.Globalization;
using DeltaModel.Core.Data;
using DeltaModel.Core.Training;
using PureHDF;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// Writes a simulation as one NetCDF-4 file (HDF5 underneath, written with PureHDF), the array layout climate and
/// hydrology tools (xarray, ncview, CDO, R ncdf4) open directly, where the long CSV/Parquet tables need reshaping.
/// </summary>
/// <remarks>
/// Layout (docs/outputs.md, "NetCDF"): dimensions <c>basin</c> × <c>time</c>; coordinate variables <c>basin</c> (ids as
/// strings) and <c>time</c> (float64, CF units <c>days since START</c>); one float32 variable <c>[basin, time]</c> per
/// series plus <c>observed</c>, and one float32 <c>[basin]</c> variable per scalar (e.g. BFI). Every data variable has a
/// UDUNITS-2 <c>units</c> attribute (<see cref="UdUnits"/>: <c>mm d-1</c>, <c>degC</c>); missing values are NaN. Given
/// the basins' <see cref="NetCdfStations"/>, the file also holds the station coordinates <c>lat</c>, <c>lon</c> and the
/// catchment <c>area</c> (CF <c>standard_name</c> where CF has one, <c>coordinates = "lat lon"</c> on every series) and,
/// for a target in mm/d, <c>discharge</c> (and <c>observed_discharge</c>) in m3 s-1: the depth times the area. Dimensions follow the netCDF-4 mapping onto HDF5 dimension scales:
/// coordinate variables carry <c>CLASS = "DIMENSION_SCALE"</c> and <c>NAME</c>, data variables a <c>DIMENSION_LIST</c>
/// of object references to them.
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

    static H5File Build(SimulationOutput o, float[]? observed, Func<string, string> unitOf, NetCdfStations? stations)
    {
        int B = o.Basins.Count, T = o.Days;
        var basin = new H5Dataset(o.Basins.ToArray())
        {
            Attributes = DimensionScale("basin", new() { ["long_name"] = "basin id", ["cf_role"] = "timeseries_id" }),
        };
        var time = new H5Dataset(Enumerable.Range(0, T).Select(t => (double)t).ToArray())
        {
            Attributes = DimensionScale("time", new()
            {
                ["standard_name"] = "time",
                ["long_name"] = "simulated day",
                ["units"] = $"days since {o.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
                ["calendar"] = "standard",
                ["axis"] = "T",
            }),
        };

        var file = new H5File
        {
            Attributes = new()
            {
                ["Conventions"] = "CF-1.8",
                ["title"] = "DeltaModel simulation",
                ["source"] = "DeltaModel",
                ["featureType"] = "timeSeries",
            },
        };
        file["basin"] = basin;
        file["time"] = time;
        if (stations is not null)
        {
            file["lat"] = Station(stations.Locations.Select(l => l.Latitude), basin,
                new() { ["standard_name"] = "latitude", ["long_name"] = "gauge latitude", ["units"] = "degrees_north" });
            file["lon"] = Station(stations.Locations.Select(l => l.Longitude), basin,
                new() { ["standard_name"] = "longitude", ["long_name"] = "gauge longitude", ["units"] = "degrees_east" });
            file["area"] = Station(stations.Locations.Select(l => l.AreaKm2), basin,
                new() { ["long_name"] = "catchment area", ["units"] = "km2" });
        }
        if (observed is not null) file["observed"] = Series(observed, B, T, unitOf("observed"), basin, time, stations);
        foreach (var (name, values) in o.Series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            file[name] = Series(values, B, T, unitOf(name), basin, time, stations);
        if (stations is not null && o.Series.TryGetValue(stations.Target, out var target) && unitOf(stations.Target) == "mm d-1")
        {
            var areas = stations.Locations.Select(l => l.AreaKm2).ToArray();
            file["discharge"] = Discharge(target, areas, B, T, basin, time, stations, $"simulated {stations.Target}");
            if (observed is not null)
                file["observed_discharge"] = Discharge(observed, areas, B, T, basin, time, stations, "observed streamflow");
        }
        foreach (var (name, values) in o.Scalars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (file.ContainsKey(name)) throw new ArgumentException($"scalar '{name}' has the name of a series; rename one of them.");
            file[name] = new H5Dataset(values.ToArray())
            {
                Attributes = new() { ["units"] = unitOf(name), ["DIMENSION_LIST"] = References(basin) },
            };
        }
        return file;
    }

    /// <summary>One value per basin, float64 (coordinates keep the attribute table's precision).</summary>
    static H5Dataset Station(IEnumerable<double> values, H5Dataset basin, Dictionary<string, object> attributes)
    {
        attributes["DIMENSION_LIST"] = References(basin);
        return new H5Dataset(values.ToArray()) { Attributes = attributes };
    }

    /// <summary>
    /// A depth series in mm/d as a volume flux in m3 s-1: q · area · 10⁶ m²/km² · 10⁻³ m/mm / 86400 s/d = q · area / 86.4.
    /// A basin without an area gets NaN.
    /// </summary>
    static H5Dataset Discharge(float[] timeMajor, double[] areasKm2, int B, int T, H5Dataset basin, H5Dataset time,
        NetCdfStations stations, string what)
    {
        var m3s = new float[timeMajor.LongLength];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) m3s[(long)t * B + b] = (float)(timeMajor[(long)t * B + b] * areasKm2[b] / 86.4);
        var variable = Series(m3s, B, T, "m3 s-1", basin, time, stations);
        variable.Attributes!["standard_name"] = "water_volume_transport_in_river_channel";
        variable.Attributes["long_name"] = $"{what} as discharge (depth times catchment area)";
        return variable;
    }

    /// <summary>A float32 <c>[basin, time]</c> variable from a time-major <c>[T, B]</c> array.</summary>
    static H5Dataset Series(float[] timeMajor, int B, int T, string unit, H5Dataset basin, H5Dataset time, NetCdfStations? stations)
    {
        if (timeMajor.LongLength != (long)T * B)
            throw new ArgumentException($"a series has {timeMajor.LongLength} values; expected days × basins = {T} × {B}.");
        var basinMajor = new float[timeMajor.LongLength];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) basinMajor[(long)b * T + t] = timeMajor[(long)t * B + b];
        var attributes = new Dictionary<string, object> { ["units"] = unit, ["DIMENSION_LIST"] = References(basin, time) };
        if (stations is not null) attributes["coordinates"] = "lat lon";
        return new H5Dataset(basinMajor, fileDims: [(ulong)B, (ulong)T]) { Attributes = attributes };
    }

    /// <summary>HDF5 dimension-scale attributes, which netCDF-4 reads as a dimension with its coordinate variable.</summary>
    static Dictionary<string, object> DimensionScale(string name, Dictionary<string, object> attributes)
    {
        attributes["CLASS"] = "DIMENSION_SCALE";
        attributes["NAME"] = name;
        return attributes;
    }

    /// <summary>The DIMENSION_LIST value: one variable-length list of object references per dimension.</summary>
    static H5ObjectReference[][] References(params H5Dataset[] dimensions) =>
        dimensions.Select(d => new H5ObjectReference[] { d }).ToArray();
}

/// <summary>What a NetCDF output needs to know of the basins beyond their ids.</summary>
/// <param name="Locations">Per basin, in the output's basin order: latitude, longitude and area (NaN where unknown).</param>
/// <param name="Target">The simulated series that is discharge as a depth (mm/d), written also in m3 s-1.</param>
public sealed record NetCdfStations(IReadOnlyList<BasinLocation> Locations, string Target);
