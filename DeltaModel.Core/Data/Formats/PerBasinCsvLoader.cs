using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Evapotranspiration;

namespace DeltaModel.Core.Data.Formats;

/// <summary>
/// Where a per-basin CSV layout keeps its files: one dated CSV per basin (<see cref="DatedCsvFile"/>) and attribute
/// tables keyed by <c>gauge_id</c>. The Caravan release and NeuralHydrology's generic layout differ only in this.
/// </summary>
/// <param name="Name">The layout in words, for the dataset's description.</param>
/// <param name="SeriesRoot">The folder of the series files, relative to the dataset folder.</param>
/// <param name="SeriesFile">Dataset folder and gauge id → the series file.</param>
/// <param name="Attributes">The attribute tables' layout (below <c>attributes/</c>).</param>
/// <param name="DefaultColumns">Model variable → column, where the request maps none; unlisted variables read the column of their own name.</param>
/// <param name="IsSourced">True when ids are <c>&lt;source&gt;_&lt;id&gt;</c> and each source has its own series folder (Caravan).</param>
public sealed record PerBasinCsvLayout(string Name, string SeriesRoot, Func<string, string, string> SeriesFile,
    CamelsAttributeTable.TableLayout Attributes, IReadOnlyDictionary<string, string> DefaultColumns, bool IsSourced);

/// <summary>
/// Loads a <see cref="PerBasinCsvLayout"/>: the requested basins' series (every basin when none is requested), the
/// variables the request needs by column name, PET computed from temperature and <c>gauge_lat</c> unless <c>pet:
/// none</c> (then a requested <c>pet</c> is read from its column), attributes with the shared fill rules, and
/// locations (<c>gauge_lat</c>, <c>area</c>) where the tables have them.
/// </summary>
public static class PerBasinCsvLoader
{
    /// <summary>The variables a request without a list gets: the HBV forcings and the target.</summary>
    static readonly string[] defaultVariables = ["prcp", "tmean", "pet", CamelsUsLoader.TargetName];

    const string AttributesFolder = "attributes";

    /// <summary>True when <paramref name="folder"/> holds the layout's series folder.</summary>
    public static bool Holds(string folder, PerBasinCsvLayout layout) => Directory.Exists(Path.Combine(folder, layout.SeriesRoot));

    public static HydroDataset Load(string folder, DatasetRequest request, PerBasinCsvLayout layout)
    {
        if (!Holds(folder, layout))
            throw new DataException(folder, null, $"no {layout.SeriesRoot}/ folder (expected the {layout.Name} layout: {layout.SeriesRoot}/ and {AttributesFolder}/).");
        string petMethod = PotentialEvapotranspiration.CheckMethod(request.Pet ?? "oudin");
        var basins = request.Basins?.Ids.ToList() ?? AllBasins(folder, layout);
        var files = basins.Select(b => SeriesFile(folder, b, layout)).ToList();

        var names = Variables(request.Variables, petMethod);
        var computePet = petMethod != "none" && names.Contains("pet");
        var read = ReadNames(names, computePet, petMethod);
        var columns = read.Select(v => new DatedCsvFile.Column(v, ColumnOf(v, request.Columns, layout), v == CamelsUsLoader.TargetName)).ToList();
        var series = new DatedCsvFile[basins.Count];
        ParallelLoad.ForEach(basins.Count, i => series[i] = DatedCsvFile.Read(files[i], columns));

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
            dynamic.Add(new DynamicVariable(name, VariableUnits.Of(name), days, n, values));
        }
        TargetCoverage.RequireObservations(dynamic.Single(v => v.Name == CamelsUsLoader.TargetName), basins, period,
            b => files[b], b => series[b].Period);

        var locations = basins.Select(b => new BasinLocation(Value(table, b, "gauge_lat"), double.NaN, Value(table, b, "area"), Value(table, b, "gauge_lon"))).ToList();
        var sources = basins.Where(b => BasinSelection.IsSourcePrefixedId(b)).Select(b => b[..b.IndexOf('_')]).Distinct().ToList();
        var description = $"{layout.Name}{(sources.Count > 0 ? $" ({string.Join(", ", sources)})" : "")}, {Path.GetFullPath(folder)}; pet {(computePet ? petMethod : "from file or unused")}" +
                          CamelsUsLoader.FillNote(attributes, basins);
        return new HydroDataset(basins, period.Start, days, dynamic, attributes, locations, CamelsUsLoader.TargetName, description);
    }

    /// <summary>The series files a load of <paramref name="request"/> reads, and every attribute table.</summary>
    public static IReadOnlyList<string> InputFiles(string folder, DatasetRequest request, PerBasinCsvLayout layout)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var ids = request.Basins?.Ids ?? (Holds(folder, layout) ? AllBasins(folder, layout) : []);
        foreach (var id in ids)
            if (layout.Attributes.IsId(id) && File.Exists(layout.SeriesFile(folder, id))) files.Add(Path.GetFullPath(layout.SeriesFile(folder, id)));
        var attributes = request.AttributesPath ?? Path.Combine(folder, AttributesFolder);
        if (Directory.Exists(attributes)) files.UnionWith(Directory.EnumerateFiles(Path.GetFullPath(attributes), "*", SearchOption.AllDirectories));
        return files.ToList();
    }

    /// <summary>The series file of a requested basin; a malformed id or a missing file names what exists.</summary>
    static string SeriesFile(string folder, string id, PerBasinCsvLayout layout)
    {
        var root = Path.Combine(folder, layout.SeriesRoot);
        var path = layout.IsSourced ? "" : layout.SeriesFile(folder, id);
        if (layout.IsSourced)
        {
            var sources = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
            if (!BasinSelection.IsSourcePrefixedId(id))
                throw new DataException(root, null,
                    $"basin {id} has no source prefix; Caravan ids are <source>_<id> (e.g. camels_{id}); sources here: {string.Join(", ", sources)}.");
            path = layout.SeriesFile(folder, id);
            var source = id[..id.IndexOf('_')];
            if (!File.Exists(path) && !sources.Contains(source))
                throw new DataException(path, null, $"basin {id}: no source folder '{source}'{Names.DidYouMean(source, sources)}; sources here: {string.Join(", ", sources)}.");
        }
        if (File.Exists(path)) return path;
        var known = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.csv").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        throw new DataException(path, null, $"basin {id} has no series file ({known.Count} basins in {Path.GetDirectoryName(path)}){Names.DidYouMean(id, known)}.");
    }

    /// <summary>Every basin (of every source), sorted: the series files whose name is a gauge id of the layout.</summary>
    static List<string> AllBasins(string folder, PerBasinCsvLayout layout)
    {
        var root = Path.Combine(folder, layout.SeriesRoot);
        var ids = Directory.GetFiles(root, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f)).Where(id => layout.Attributes.IsId(id)).Order(StringComparer.Ordinal).ToList();
        return ids.Count > 0 ? ids : throw new DataException(root, null, "no <gauge_id>.csv series files in this folder.");
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

    static string ColumnOf(string variable, IReadOnlyDictionary<string, string> columns, PerBasinCsvLayout layout) =>
        columns.GetValueOrDefault(variable) ?? layout.DefaultColumns.GetValueOrDefault(variable) ?? variable;

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
