using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Evapotranspiration;
using DeltaModel.Core.Data.Series;

namespace DeltaModel.Core.Data.Formats;

/// <summary>
/// Where a per-basin layout keeps its files: one dated series file per basin (CSV, NetCDF or Parquet, read by
/// <see cref="BasinSeries"/>) and attribute tables keyed by <c>gauge_id</c>. The Caravan release and NeuralHydrology's
/// generic layout differ only in this.
/// </summary>
/// <param name="Name">The layout in words, for the dataset's description.</param>
/// <param name="SeriesRoots">The folders of the series files, relative to the dataset folder (e.g. Caravan's
/// <c>timeseries/csv</c> and <c>timeseries/netcdf</c>); the layout is there when one of them is.</param>
/// <param name="SeriesFiles">Dataset folder and gauge id → the places its series file may be, preferred first; the first that exists is read.</param>
/// <param name="Attributes">The attribute tables' layout (below <c>attributes/</c>).</param>
/// <param name="DefaultColumns">Model variable → column, where the request maps none; unlisted variables read the column of their own name.</param>
/// <param name="IsSourced">True when ids are <c>&lt;source&gt;_&lt;id&gt;</c> and each source has its own series folder (Caravan).</param>
public sealed record PerBasinLayout(string Name, IReadOnlyList<string> SeriesRoots, Func<string, string, IReadOnlyList<string>> SeriesFiles,
    CamelsAttributeTable.TableLayout Attributes, IReadOnlyDictionary<string, string> DefaultColumns, bool IsSourced);

/// <summary>
/// Loads a <see cref="PerBasinLayout"/>: the requested basins' series (every basin when none is requested), the
/// variables the request needs by column name, PET computed from temperature and <c>gauge_lat</c> unless <c>pet:
/// none</c> (then a requested <c>pet</c> is read from its column), attributes with the shared fill rules, and
/// locations (<c>gauge_lat</c>, <c>area</c>) where the tables have them.
/// </summary>
public static class PerBasinLoader
{
    /// <summary>The variables a request without a list gets: the HBV forcings (and the target, always).</summary>
    static readonly string[] defaultVariables = ["prcp", "tmean", "pet"];

    const string AttributesFolder = "attributes";

    /// <summary>True when <paramref name="folder"/> holds the layout's series folder.</summary>
    public static bool Holds(string folder, PerBasinLayout layout) => layout.SeriesRoots.Any(r => Directory.Exists(Path.Combine(folder, r)));

    /// <summary>The series roots, as a user reads them in a message: <c>timeseries/csv/ or timeseries/netcdf/</c>.</summary>
    static string Roots(PerBasinLayout layout) => string.Join(" or ", layout.SeriesRoots.Select(r => r.Replace('\\', '/') + "/"));

    public static HydroDataset Load(string folder, DatasetRequest request, PerBasinLayout layout)
    {
        if (!Holds(folder, layout))
            throw new DataException(folder, null, $"no {Roots(layout)} folder (expected the {layout.Name} layout: {Roots(layout)} and {AttributesFolder}/).");
        string petMethod = PotentialEvapotranspiration.CheckMethod(request.Pet ?? "oudin");
        var basins = request.Basins?.Ids.ToList() ?? AllBasins(folder, layout);
        var files = basins.Select(b => SeriesFile(folder, b, layout)).ToList();

        var names = Variables(request.Variables, petMethod, request.Target);
        var computePet = petMethod != "none" && names.Contains("pet");
        var read = ReadNames(names, computePet, petMethod);
        var columns = read.Select(v => new SeriesColumn(v, ColumnOf(v, request.Columns, layout), v == request.Target)).ToList();
        var series = new BasinSeries[basins.Count];
        ParallelLoad.ForEach(basins.Count, i => series[i] = BasinSeries.Read(files[i], columns));

        var period = request.Period ?? CommonPeriod(series, basins);
        for (int i = 0; i < series.Length; i++)
            if (!series[i].Period.Contains(period))
                throw new DataException(files[i], null, $"the file covers {series[i].Period}, which does not include the requested period {period} (basin {basins[i]}).");

        bool needTable = request.Attributes.Count > 0 || computePet;
        var attributesFolder = request.AttributesPath ?? Path.Combine(folder, AttributesFolder);
        var table = needTable || Directory.Exists(attributesFolder) ? CamelsAttributeTable.Load(attributesFolder, layout.Attributes) : null;
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
            dynamic.Add(new DynamicVariable(name, UnitOf(name, series), days, n, values));
        }
        TargetCoverage.RequireObservations(dynamic.Single(v => v.Name == request.Target), basins, period,
            b => files[b], b => series[b].Period);

        var locations = basins.Select(b => new BasinLocation(Value(table, b, "gauge_lat"), double.NaN, Value(table, b, "area"), Value(table, b, "gauge_lon"))).ToList();
        var sources = basins.Where(b => BasinSelection.IsSourcePrefixedId(b)).Select(b => b[..b.IndexOf('_')]).Distinct().ToList();
        var description = $"{layout.Name}{(sources.Count > 0 ? $" ({string.Join(", ", sources)})" : "")}, {Path.GetFullPath(folder)}; pet {(computePet ? petMethod : "from file or unused")}" +
                          CamelsUsLoader.FillNote(attributes, basins);
        return new HydroDataset(basins, period.Start, days, dynamic, attributes, locations, request.Target, description);
    }

    /// <summary>The series files a load of <paramref name="request"/> reads, and every attribute table.</summary>
    public static IReadOnlyList<string> InputFiles(string folder, DatasetRequest request, PerBasinLayout layout)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var ids = request.Basins?.Ids ?? (Holds(folder, layout) ? AllBasins(folder, layout) : []);
        foreach (var id in ids)
            if (layout.Attributes.IsId(id) && layout.SeriesFiles(folder, id).FirstOrDefault(File.Exists) is { } file) files.Add(Path.GetFullPath(file));
        var attributes = request.AttributesPath ?? Path.Combine(folder, AttributesFolder);
        if (Directory.Exists(attributes)) files.UnionWith(Directory.EnumerateFiles(Path.GetFullPath(attributes), "*", SearchOption.AllDirectories));
        return files.ToList();
    }

    /// <summary>The series file of a requested basin (the layout's first candidate that exists); a malformed id or a missing file names what exists.</summary>
    static string SeriesFile(string folder, string id, PerBasinLayout layout)
    {
        var roots = layout.SeriesRoots.Select(r => Path.Combine(folder, r)).Where(Directory.Exists).ToList();
        var candidates = layout.IsSourced && !BasinSelection.IsSourcePrefixedId(id) ? [] : layout.SeriesFiles(folder, id);
        if (candidates.FirstOrDefault(File.Exists) is { } found) return found;
        if (layout.IsSourced)
        {
            var sources = roots.SelectMany(Directory.GetDirectories).Select(d => Path.GetFileName(d)!).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!BasinSelection.IsSourcePrefixedId(id))
                throw new DataException(roots[0], null,
                    $"basin {id} has no source prefix; Caravan ids are <source>_<id> (e.g. camels_{id}); sources here: {string.Join(", ", sources)}.");
            var source = id[..id.IndexOf('_')];
            if (!sources.Contains(source))
                throw new DataException(candidates[0], null, $"basin {id}: no source folder '{source}'{Names.DidYouMean(source, sources)}; sources here: {string.Join(", ", sources)}.");
        }
        var folders = candidates.Select(Path.GetDirectoryName).Where(Directory.Exists).Distinct().ToList();
        var known = folders.SelectMany(f => SeriesIn(f!, SearchOption.TopDirectoryOnly)).Distinct().ToList();
        throw new DataException(candidates[0], null,
            $"basin {id} has no series file ({string.Join(", ", candidates.Select(c => Path.GetExtension(c)).Distinct())}; {known.Count} basins in {string.Join(" and ", folders)}){Names.DidYouMean(id, known)}.");
    }

    /// <summary>Every basin (of every source), sorted: the series files whose name is a gauge id of the layout.</summary>
    static List<string> AllBasins(string folder, PerBasinLayout layout)
    {
        var roots = layout.SeriesRoots.Select(r => Path.Combine(folder, r)).Where(Directory.Exists).ToList();
        var ids = roots.SelectMany(r => SeriesIn(r, SearchOption.AllDirectories))
            .Where(id => layout.Attributes.IsId(id)).Distinct().Order(StringComparer.Ordinal).ToList();
        return ids.Count > 0 ? ids : throw new DataException(roots[0], null,
            $"no <gauge_id>{string.Join("|", BasinSeries.Extensions)} series files in this folder.");
    }

    /// <summary>The gauge ids of the series files (any of <see cref="BasinSeries.Extensions"/>) in a folder.</summary>
    static IEnumerable<string> SeriesIn(string folder, SearchOption option) =>
        Directory.EnumerateFiles(folder, "*", option)
            .Where(f => BasinSeries.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => Path.GetFileNameWithoutExtension(f));

    static List<string> Variables(IReadOnlyList<string>? requested, string petMethod, string target)
    {
        var chosen = (requested ?? defaultVariables.Where(v => v != "pet" || petMethod != "none").ToArray()).Distinct().ToList();
        if (!chosen.Contains(target)) chosen.Add(target);
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

    /// <summary>
    /// The unit a variable is reported in: the dataset vocabulary's (<see cref="VariableUnits"/>), whose values the
    /// readers checked; for a variable outside it, the unit the first basin's file declares (NetCDF), else none.
    /// </summary>
    static string UnitOf(string name, BasinSeries[] series) =>
        VariableUnits.Of(name) is { Length: > 0 } unit ? unit : series[0].DeclaredUnits.GetValueOrDefault(name, "");

    static string ColumnOf(string variable, IReadOnlyDictionary<string, string> columns, PerBasinLayout layout) =>
        columns.GetValueOrDefault(variable) ?? layout.DefaultColumns.GetValueOrDefault(variable) ?? variable;

    static ReadOnlySpan<float> Slice(BasinSeries file, string variable, int offset, int days) =>
        file.Values.TryGetValue(variable, out var v) ? v.AsSpan(offset, days) : [];

    static DatePeriod CommonPeriod(BasinSeries[] series, IReadOnlyList<string> basins)
    {
        DatePeriod? common = series[0].Period;
        for (int i = 1; i < series.Length && common is not null; i++) common = common.Value.Intersect(series[i].Period);
        return common ?? throw new DataException(
            $"the series of the {basins.Count} basins share no day (e.g. {basins[0]}: {series[0].Period}); choose basins or a period.");
    }

    static double Value(CamelsAttributeTable? table, string basin, string name) =>
        table is not null && table.HasBasin(basin) && table.HasAttribute(name) ? table.Value(basin, name) : double.NaN;
}
