using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Evapotranspiration;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// Reads the official Caravan release (Kratzert et al. 2023): <c>timeseries/csv/&lt;source&gt;/&lt;gauge_id&gt;.csv</c>
/// (a <c>date</c> column, then ERA5-Land daily variables and <c>streamflow</c>, in mm/d, °C and W m⁻²) and
/// <c>attributes/&lt;source&gt;/attributes_{caravan,hydroatlas,other}_&lt;source&gt;.csv</c> keyed by <c>gauge_id</c>.
/// Gauge ids carry their source (<c>camels_01013500</c>, <c>camelsgb_28015</c>), so one folder holds several sources
/// and one basin list may mix them. Model variables read the columns <see cref="DefaultColumns"/> names unless the
/// request maps them elsewhere (<c>data.variables</c>).
/// </summary>
public static class CaravanReleaseLoader
{
    /// <summary>Model variable → Caravan column. Units match <see cref="VariableUnits"/> (mm/d, °C, W m⁻², mm).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prcp"] = "total_precipitation_sum",
        ["tmean"] = "temperature_2m_mean",
        ["tmin"] = "temperature_2m_min",
        ["tmax"] = "temperature_2m_max",
        ["pet"] = "potential_evaporation_sum",
        ["srad"] = "surface_net_solar_radiation_mean",
        ["swe"] = "snow_depth_water_equivalent_mean",
        ["streamflow"] = "streamflow",
    };

    /// <summary>The variables a request without a list gets: the HBV forcings and the target.</summary>
    static readonly string[] defaultVariables = ["prcp", "tmean", "pet", CamelsUsLoader.TargetName];

    const string SeriesFolder = "timeseries/csv";
    const string AttributesFolder = "attributes";

    /// <summary>Caravan's attribute tables: <c>attributes_*.csv</c> in one folder per source, comma-separated.</summary>
    static readonly CamelsAttributeTable.TableLayout tables = new("Caravan", "attributes_*.csv", ',', Recursive: true,
        id => BasinSelection.IsSourcePrefixedId(id), "is not a Caravan gauge id (expected <source>_<id>, e.g. camels_01013500)",
        "every basin needs a row in attributes/<source>/attributes_*_<source>.csv", []);

    /// <summary>True when <paramref name="folder"/> holds <c>timeseries/csv/</c> (<see cref="CaravanReleaseFormat.Detect"/>).</summary>
    public static bool IsReleaseFolder(string folder) => Directory.Exists(Path.Combine(folder, SeriesFolder));

    public static HydroDataset Load(string folder, DatasetRequest request)
    {
        if (!IsReleaseFolder(folder))
            throw new DataException(folder, null, $"no {SeriesFolder}/ folder (expected the Caravan release layout: {SeriesFolder}/<source>/<source>_<id>.csv and {AttributesFolder}/<source>/).");
        string petMethod = PotentialEvapotranspiration.CheckMethod(request.Pet ?? "oudin");
        var basins = request.Basins?.Ids.ToList() ?? AllBasins(folder);
        var files = basins.Select(b => SeriesFile(folder, b)).ToList();

        var names = Variables(request.Variables, petMethod);
        var computePet = petMethod != "none" && names.Contains("pet");
        var read = ReadNames(names, computePet, petMethod);
        var columns = read.Select(v => new DatedCsvFile.Column(v, ColumnOf(v, request.Columns), v == CamelsUsLoader.TargetName)).ToList();
        var series = new DatedCsvFile[basins.Count];
        ParallelLoad.ForEach(basins.Count, i => series[i] = DatedCsvFile.Read(files[i], columns));

        var period = request.Period ?? CommonPeriod(series, basins);
        for (int i = 0; i < series.Length; i++)
            if (!series[i].Period.Contains(period))
                throw new DataException(files[i], null, $"the file covers {series[i].Period}, which does not include the requested period {period} (basin {basins[i]}).");

        bool needTable = request.Attributes.Count > 0 || computePet;
        var attributesFolder = request.AttributesPath ?? Path.Combine(folder, AttributesFolder);
        var table = needTable || Directory.Exists(attributesFolder) ? CamelsAttributeTable.Load(attributesFolder, tables) : null;
        var attributes = CamelsUsLoader.SelectAttributes(table, request.Attributes, basins, request.AttributeFill);
        var latitudes = computePet ? table!.Require("gauge_lat", basins, AttributeFill.None).Values : null;

        int n = basins.Count, days = period.Days;
        var dynamic = new List<DynamicVariable>();
        foreach (var name in names)
        {
            var values = new float[(long)days * n];
            ParallelLoad.ForEach(n, b =>
            {
                var s = series[b];
                int offset = period.Start.DayNumber - s.Period.Start.DayNumber;
                ReadOnlySpan<float> column = name == "pet" && computePet
                    ? PotentialEvapotranspiration.Series(petMethod, period.Start, days, latitudes![b],
                        Slice(s, "tmin", offset, days), Slice(s, "tmax", offset, days), Slice(s, "tmean", offset, days), [])
                    : Slice(s, name, offset, days);
                for (int t = 0; t < days; t++) values[(long)t * n + b] = column[t];
            });
            dynamic.Add(new DynamicVariable(name, VariableUnits.Of(name), days, n, values));
        }
        TargetCoverage.RequireObservations(dynamic.Single(v => v.Name == CamelsUsLoader.TargetName), basins, period,
            b => files[b], b => series[b].Period);

        var locations = basins.Select(b => new BasinLocation(Value(table, b, "gauge_lat"), double.NaN, Value(table, b, "area"))).ToList();
        var sources = basins.Select(b => b[..b.IndexOf('_')]).Distinct().ToList();
        var description = $"Caravan release ({string.Join(", ", sources)}), {Path.GetFullPath(folder)}; pet {(computePet ? petMethod : "from file or unused")}" +
                          CamelsUsLoader.FillNote(attributes, basins);
        return new HydroDataset(basins, period.Start, days, dynamic, attributes, locations, CamelsUsLoader.TargetName, description);
    }

    /// <summary>The series files a load of <paramref name="request"/> reads, and every attribute table.</summary>
    public static IReadOnlyList<string> InputFiles(string folder, DatasetRequest request)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var ids = request.Basins?.Ids ?? (IsReleaseFolder(folder) ? AllBasins(folder) : []);
        foreach (var id in ids)
            if (BasinSelection.IsSourcePrefixedId(id) && File.Exists(SeriesPath(folder, id))) files.Add(Path.GetFullPath(SeriesPath(folder, id)));
        var attributes = request.AttributesPath ?? Path.Combine(folder, AttributesFolder);
        if (Directory.Exists(attributes)) files.UnionWith(Directory.EnumerateFiles(Path.GetFullPath(attributes), "*", SearchOption.AllDirectories));
        return files.ToList();
    }

    static string SeriesPath(string folder, string id) => Path.Combine(folder, SeriesFolder, id[..id.IndexOf('_')], id + ".csv");

    /// <summary>The series file of a requested basin; an id without a source or a missing file names what exists.</summary>
    static string SeriesFile(string folder, string id)
    {
        var root = Path.Combine(folder, SeriesFolder);
        var sources = Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (!BasinSelection.IsSourcePrefixedId(id))
            throw new DataException(root, null,
                $"basin {id} has no source prefix; Caravan ids are <source>_<id> (e.g. camels_{id}); sources here: {string.Join(", ", sources)}.");
        var path = SeriesPath(folder, id);
        if (File.Exists(path)) return path;
        var source = id[..id.IndexOf('_')];
        if (!sources.Contains(source))
            throw new DataException(path, null, $"basin {id}: no source folder '{source}'{Names.DidYouMean(source, sources!)}; sources here: {string.Join(", ", sources)}.");
        var known = Directory.GetFiles(Path.Combine(root, source), "*.csv").Select(Path.GetFileNameWithoutExtension).ToList();
        throw new DataException(path, null, $"basin {id} has no series file ({known.Count} basins in {source}){Names.DidYouMean(id, known!)}.");
    }

    /// <summary>Every basin of every source, sorted.</summary>
    static List<string> AllBasins(string folder)
    {
        var root = Path.Combine(folder, SeriesFolder);
        var ids = Directory.GetFiles(root, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f)).Where(id => BasinSelection.IsSourcePrefixedId(id)).Order(StringComparer.Ordinal).ToList();
        return ids.Count > 0 ? ids : throw new DataException(root, null, "no <source>/<source>_<id>.csv series files in this folder.");
    }

    static List<string> Variables(IReadOnlyList<string>? requested, string petMethod)
    {
        var chosen = (requested ?? defaultVariables.Where(v => v != "pet" || petMethod != "none").ToArray()).Distinct().ToList();
        if (!chosen.Contains(CamelsUsLoader.TargetName)) chosen.Add(CamelsUsLoader.TargetName);
        return chosen;
    }

    /// <summary>The variables read from the files: the requested ones, with a computed PET replaced by the temperatures it needs.</summary>
    static List<string> ReadNames(List<string> names, bool computePet, string petMethod)
    {
        var read = names.Where(v => v != "pet" || !computePet).ToList();
        if (computePet)
            foreach (var t in petMethod == "hargreaves" ? new[] { "tmin", "tmax" } : ["tmean"])
                if (!read.Contains(t)) read.Add(t);
        return read;
    }

    static string ColumnOf(string variable, IReadOnlyDictionary<string, string> columns) =>
        columns.GetValueOrDefault(variable) ?? DefaultColumns.GetValueOrDefault(variable) ?? variable;

    static ReadOnlySpan<float> Slice(DatedCsvFile file, string variable, int offset, int days) =>
        file.Values.TryGetValue(variable, out var v) ? v.AsSpan(offset, days) : [];

    static DatePeriod CommonPeriod(DatedCsvFile[] series, IReadOnlyList<string> basins)
    {
        DatePeriod? common = series[0].Period;
        for (int i = 1; i < series.Length && common is not null; i++) common = common.Value.Intersect(series[i].Period);
        return common ?? throw new DataException(
            $"the series of the {basins.Count} basins share no day (e.g. {basins[0]}: {series[0].Period}); choose basins or a period.");
    }

    static double Value(CamelsAttributeTable? table, string basin, string name) =>
        table is not null && table.HasBasin(basin) && table.HasAttribute(name) ? table.Value(basin, name) : double.NaN;
}
