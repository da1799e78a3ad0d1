using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Evapotranspiration;

namespace DeltaModel.Core.Data.Camels;

/// <summary>
/// Reads the raw CAMELS-US text layout (Newman et al. 2015) into a <see cref="HydroDataset"/>:
/// <c>basin_mean_forcing/&lt;source&gt;/[&lt;huc&gt;/]&lt;id&gt;_lump_*_forcing_leap.txt</c> and
/// <c>usgs_streamflow/[&lt;huc&gt;/]&lt;id&gt;_streamflow_qc.txt</c>, with the attribute tables of
/// <c>camels_attributes_v2.0/</c>. Files are found by gauge id anywhere below those folders (HUC sub-folders in
/// samples do not always match the real HUC). Unlike the Python original (spec §6.1, §10 items 20, 22), which reads
/// a pre-built pickle by position and leaves the −999 sentinel in physics inputs, variables are addressed by name,
/// the ft³/s → mm/d conversion is explicit about its area, and every missing value is NaN.
/// </summary>
public static class CamelsUsLoader
{
    /// <summary>Name of the target variable: daily streamflow [mm/d].</summary>
    public const string TargetName = "streamflow";

    /// <summary>Cubic feet per cubic metre: 1 ft³ = 0.0283168 m³ (the constant of the original, spec §6.1).</summary>
    public const double CubicMetresPerCubicFoot = 0.0283168;

    /// <summary>
    /// Converts daily mean discharge [ft³/s] to a depth over the catchment [mm/d]:
    /// q = Q · 0.0283168 · 86400 · 1000 / (A_km² · 10⁶).
    /// </summary>
    public static double CfsToMillimetresPerDay(double cfs, double areaKm2) =>
        cfs * CubicMetresPerCubicFoot * 86400 * 1000 / (areaKm2 * 1e6);

    /// <summary>Loads the basins, period and variables of <paramref name="options"/> from the CAMELS folder <paramref name="root"/>.</summary>
    /// <param name="root">
    /// The folder holding <c>basin_mean_forcing/</c> and <c>usgs_streamflow/</c> (or a folder with a <c>camels_us/</c>
    /// sub-folder that does, as in NeuralHydrology's test data).
    /// </param>
    public static HydroDataset Load(string root, CamelsUsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        root = ResolveRoot(root);
        string petMethod = PotentialEvapotranspiration.CheckMethod(options.Pet);
        string source = options.ForcingSource.Trim().ToLowerInvariant();
        string forcingDir = ForcingFolder(root, source);
        string flowDir = Path.Combine(root, "usgs_streamflow");
        if (!Directory.Exists(flowDir))
            throw new DataException(flowDir, null, "streamflow folder not found (expected usgs_streamflow/<huc>/<id>_streamflow_qc.txt beside basin_mean_forcing/).");
        var forcingFiles = IndexByBasin(forcingDir, "*_forcing_leap.txt");
        var flowFiles = IndexByBasin(flowDir, "*_streamflow_qc.txt");
        // With a selection, a missing file is reported for the basin that lacks it (below), which says more.
        if (forcingFiles.Count == 0 && options.Basins is null)
            throw new DataException(forcingDir, null, "no *_forcing_leap.txt files below this folder.");

        var basins = options.Basins?.Ids ?? forcingFiles.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var b in basins)
        {
            if (!forcingFiles.ContainsKey(b))
                throw new DataException(forcingDir, null,
                    $"no forcing file for basin {b} (expected <huc>/{b}_lump_*_forcing_leap.txt below this folder; " +
                    $"{forcingFiles.Count} basins have one){Names.DidYouMean(b, forcingFiles.Keys)}.");
            if (!flowFiles.ContainsKey(b))
                throw new DataException(flowDir, null,
                    $"no streamflow file for basin {b} (expected <huc>/{b}_streamflow_qc.txt below this folder).");
        }

        var table = options.Attributes.Count > 0 || options.Area == StreamflowArea.AreaGages2
            ? CamelsAttributeTable.Load(AttributesFolder(root, options.AttributesPath, options.Area))
            : null;
        var attributes = SelectAttributes(table, options.Attributes, basins, options.AttributeFill);
        double[]? areaGages2 = options.Area == StreamflowArea.AreaGages2 ? table!.Attribute("area_gages2", basins).Values : null;

        int n = basins.Count;
        var forcings = new CamelsForcingFile[n];
        var flows = new CamelsStreamflowFile[n];
        ParallelLoad.ForEach(n, i =>
        {
            forcings[i] = CamelsForcingFile.Read(forcingFiles[basins[i]]);
            flows[i] = CamelsStreamflowFile.Read(flowFiles[basins[i]], basins[i]);
        });

        var period = options.Period ?? CommonPeriod(forcings, basins);
        for (int i = 0; i < n; i++)
            if (!forcings[i].Period.Contains(period))
                throw new DataException(forcings[i].Path, null,
                    $"forcings cover {forcings[i].Period}, which does not include the requested period {period} (basin {basins[i]}).");

        var areasKm2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            areasKm2[i] = areaGages2?[i] ?? forcings[i].AreaM2 / 1e6;
            if (areaGages2 is not null && double.IsNaN(areasKm2[i]))
                throw new DataException(table!.TableOf("area_gages2"), null,
                    $"basin {basins[i]} has no area_gages2 in this table (missing row or NA); expected its catchment area in km² " +
                    "to convert streamflow from ft³/s to mm/d (or choose the forcing-file area).");
            if (!(areasKm2[i] > 0))
                throw new DataException(
                    $"basin {basins[i]}: catchment area {areasKm2[i]} km² ({AreaDescription(options.Area)}) is not positive; cannot convert ft³/s to mm/d.");
        }

        var forcingNames = forcings[0].Columns.Keys.ToList();
        var variables = SelectVariables(options, forcingNames, petMethod);
        var dynamic = BuildVariables(variables, basins, forcings, flows, areasKm2, period, petMethod, source);
        TargetCoverage.RequireObservations(dynamic.Single(v => v.Name == TargetName), basins, period, b => flows[b].Path, b => flows[b].Period);
        var locations = forcings.Select((f, i) => new BasinLocation(f.Latitude, f.Elevation, areasKm2[i])).ToList();
        string description = $"CAMELS-US, {source} forcings, {root}; streamflow ft³/s → mm/d with {AreaDescription(options.Area)}" +
                             FillNote(attributes, basins);
        return new HydroDataset(basins, period.Start, period.Days, dynamic, attributes, locations, TargetName, description);
    }

    static string AreaDescription(StreamflowArea area) =>
        area == StreamflowArea.AreaGages2 ? "area_gages2 (camels_topo.txt)" : "the forcing-file area (line 3)";

    /// <summary>
    /// True when <paramref name="folder"/> (or its <c>camels_us/</c> sub-folder) has the raw CAMELS-US
    /// <c>basin_mean_forcing/</c> folder (<see cref="CamelsUsFormat.Detect"/>).
    /// </summary>
    public static bool IsCamelsFolder(string folder) =>
        Directory.Exists(Path.Combine(folder, "basin_mean_forcing")) || Directory.Exists(Path.Combine(folder, "camels_us", "basin_mean_forcing"));

    static string ResolveRoot(string root)
    {
        if (!Directory.Exists(root))
            throw new DataException(root, null, "dataset folder not found (expected a raw CAMELS-US folder with basin_mean_forcing/ and usgs_streamflow/).");
        if (Directory.Exists(Path.Combine(root, "basin_mean_forcing"))) return Path.GetFullPath(root);
        var nested = Path.Combine(root, "camels_us");
        if (Directory.Exists(Path.Combine(nested, "basin_mean_forcing"))) return Path.GetFullPath(nested);
        throw new DataException(root, null, "no basin_mean_forcing/ folder here (expected the raw CAMELS-US layout: basin_mean_forcing/<source>/…, usgs_streamflow/…).");
    }

    static string ForcingFolder(string root, string source)
    {
        var parent = Path.Combine(root, "basin_mean_forcing");
        var dir = Path.Combine(parent, source);
        if (Directory.Exists(dir)) return dir;
        var available = Directory.GetDirectories(parent).Select(Path.GetFileName).Select(s => s!).Order().ToList();
        throw new DataException(parent, null,
            $"no '{source}' forcing folder{Names.DidYouMean(source, available)}; available forcing sources: {string.Join(", ", available)}.");
    }

    /// <summary>Gauge id (first 8 characters of the file name) → path, for files matching <paramref name="pattern"/> anywhere below <paramref name="dir"/>.</summary>
    static Dictionary<string, string> IndexByBasin(string dir, string pattern)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            int underscore = name.IndexOf('_');
            var id = underscore > 0 ? BasinSelection.NormalizeId(name[..underscore]) : null;
            if (id is null) continue; // not a per-basin file
            if (!map.TryAdd(id, file))
                throw new DataException(file, null, $"a second file for basin {id} (the first is {map[id]}); keep one per basin.");
        }
        return map;
    }

    static string AttributesFolder(string root, string? configured, StreamflowArea area)
    {
        if (configured is not null) return configured;
        foreach (var candidate in new[] { "camels_attributes_v2.0", "attributes" })
        {
            var dir = Path.Combine(root, candidate);
            if (Directory.Exists(dir)) return dir;
        }
        var why = area == StreamflowArea.AreaGages2
            ? "area_gages2 converts streamflow to mm/d (or choose the forcing-file area)"
            : "attributes were requested";
        throw new DataException(root, null,
            $"no camels_attributes_v2.0/ folder here and no attributes path given; {why}. Give the folder of the camels_*.txt tables.");
    }

    internal static List<StaticAttribute> SelectAttributes(CamelsAttributeTable? table, IReadOnlyList<string> names, IReadOnlyList<string> basins,
        AttributeFill fill)
    {
        var result = new List<StaticAttribute>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name)) throw new DataException($"attribute '{name}' is requested twice.");
            result.Add(table!.Require(name, basins, fill));
        }
        return result;
    }

    /// <summary>
    /// The dataset description's note on filled attributes, e.g. <c>; attribute_fill mean: root_depth_50 (01013500)</c>;
    /// empty when nothing was filled. It reaches the run log and the dataset summary through the description.
    /// </summary>
    internal static string FillNote(IReadOnlyList<StaticAttribute> attributes, IReadOnlyList<string> basins)
    {
        var filled = attributes.Where(a => a.FilledCount > 0).ToList();
        if (filled.Count == 0) return "";
        var parts = filled.Select(a => $"{a.Name} ({string.Join(" ", basins.Where((_, i) => a.Filled![i]))})");
        return $"; attribute_fill {filled[0].Fill.ToString().ToLowerInvariant()}: {string.Join(", ", parts)}";
    }

    static DatePeriod CommonPeriod(CamelsForcingFile[] forcings, IReadOnlyList<string> basins)
    {
        DatePeriod? common = forcings[0].Period;
        for (int i = 1; i < forcings.Length && common is not null; i++) common = common.Value.Intersect(forcings[i].Period);
        return common ?? throw new DataException(
            $"the forcing records of the {basins.Count} basins share no day (e.g. {basins[0]}: {forcings[0].Period}); choose basins or a period.");
    }

    static List<string> SelectVariables(CamelsUsOptions options, List<string> forcingNames, string petMethod)
    {
        var available = new List<string>(forcingNames);
        available.Add("tmean");
        if (petMethod != "none") available.Add("pet");
        available.Add(TargetName);
        if (options.Variables is null)
        {
            var defaults = forcingNames.Where(v => v != "swe").ToList();
            if (options.DeriveTmean) defaults.Add("tmean");
            if (petMethod != "none") defaults.Add("pet");
            defaults.Add(TargetName);
            return defaults;
        }
        var chosen = new List<string>();
        foreach (var v in options.Variables)
        {
            if (v == "pet" && petMethod == "none")
                throw new DataException("variable 'pet' needs a PET method: set pet to hargreaves, oudin or hamon.");
            if (!available.Contains(v))
                throw new DataException($"unknown variable '{v}'{Names.DidYouMean(v, available)}; available: {string.Join(", ", available)}.");
            if (!chosen.Contains(v)) chosen.Add(v);
        }
        if (!chosen.Contains(TargetName)) chosen.Add(TargetName);
        return chosen;
    }

    static List<DynamicVariable> BuildVariables(List<string> names, IReadOnlyList<string> basins, CamelsForcingFile[] forcings,
        CamelsStreamflowFile[] flows, double[] areasKm2, DatePeriod period, string petMethod, string source)
    {
        int n = basins.Count, days = period.Days;
        var result = new List<DynamicVariable>();
        foreach (var name in names)
        {
            var values = new float[(long)days * n];
            ParallelLoad.ForEach(n, b =>
            {
                var series = BasinSeries(name, b, basins, forcings[b], flows[b], areasKm2[b], period, petMethod, source);
                for (int t = 0; t < days; t++) values[(long)t * n + b] = series[t];
            });
            result.Add(new DynamicVariable(name, VariableUnits.Of(name), days, n, values));
        }
        return result;
    }

    static float[] BasinSeries(string name, int b, IReadOnlyList<string> basins, CamelsForcingFile forcing, CamelsStreamflowFile flow,
        double areaKm2, DatePeriod period, string petMethod, string source)
    {
        int days = period.Days;
        int offset = period.Start.DayNumber - forcing.Start.DayNumber;
        ReadOnlySpan<float> Column(string column) =>
            forcing.Columns.TryGetValue(column, out var v)
                ? v.AsSpan(offset, days)
                : throw new DataException(forcing.Path, 4, $"no '{column}' column in the header (needed for '{name}').");

        switch (name)
        {
            case TargetName:
            {
                var q = new float[days];
                int flowOffset = period.Start.DayNumber - flow.Start.DayNumber;
                for (int t = 0; t < days; t++)
                {
                    int i = flowOffset + t;
                    q[t] = i >= 0 && i < flow.Cfs.Length ? (float)CfsToMillimetresPerDay(flow.Cfs[i], areaKm2) : float.NaN;
                }
                return q;
            }
            case "tmean":
                return Tmean(Column("tmax"), Column("tmin"));
            case "pet":
            {
                var tmax = Column("tmax");
                var tmin = Column("tmin");
                if (petMethod == "hargreaves" && !HasTemperatureRange(tmax, tmin))
                    throw new DataException(forcing.Path, null,
                        $"hargreaves PET needs the daily temperature range, but tmax == tmin on every day of {period} (basin {basins[b]}; " +
                        $"the original CAMELS {source} files hold the daily mean in both). Use pet oudin or hamon, or the daymet/maurer_extended forcings.");
                var daylightHours = forcing.Columns.TryGetValue("dayl", out var dayl)
                    ? dayl.AsSpan(offset, days).ToArray().Select(s => s / 3600f).ToArray()
                    : [];
                return PotentialEvapotranspiration.Series(petMethod, period.Start, days, forcing.Latitude,
                    tmin, tmax, Tmean(tmax, tmin), daylightHours);
            }
            default:
                return Column(name).ToArray();
        }
    }

    static float[] Tmean(ReadOnlySpan<float> tmax, ReadOnlySpan<float> tmin)
    {
        var mean = new float[tmax.Length];
        for (int t = 0; t < mean.Length; t++) mean[t] = (tmax[t] + tmin[t]) / 2;
        return mean;
    }

    static bool HasTemperatureRange(ReadOnlySpan<float> tmax, ReadOnlySpan<float> tmin)
    {
        for (int t = 0; t < tmax.Length; t++) if (tmax[t] != tmin[t]) return true;
        return false;
    }
}
