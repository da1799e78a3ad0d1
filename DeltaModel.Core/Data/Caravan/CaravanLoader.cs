using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Evapotranspiration;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// Reads the Caravan (Kratzert et al. 2023) CAMELS-US series in the headerless layout of the shared copy:
/// <c>Caravan-CAMELS/catchments.csv</c> lists the gauges, and <c>&lt;gauge_id&gt;.csv</c> holds one line per day from
/// <see cref="FirstDay"/> to the end of <see cref="Record"/> with the columns P [mm/d], T [°C], PET [mm/d], Q [mm/d] and
/// <c>NA</c> for a missing Q.
/// Variables come out as <c>prcp</c>, <c>tmean</c>, <c>pet</c> (recomputed) and <c>streamflow</c>.
/// </summary>
public static class CaravanLoader
{
    /// <summary>The date of row 1 of every file (no date column; verified against the CAMELS cfs record, see SOURCE.md).</summary>
    public static readonly DateOnly FirstDay = new(1981, 1, 1);

    /// <summary>
    /// The days every file covers, one row each: 1981-01-01..2014-12-31 (12418 rows, as SOURCE.md states). The files
    /// carry no dates, so this record is what dates their rows; a file with more or fewer rows contradicts it.
    /// </summary>
    public static readonly DatePeriod Record = new(FirstDay, new DateOnly(2014, 12, 31));

    const string CatalogueFile = "catchments.csv";

    /// <summary>True when <paramref name="folder"/> looks like a Caravan-CAMELS folder (<see cref="CaravanCsvFormat.Detect"/>).</summary>
    public static bool IsCaravanFolder(string folder) => FindDataFolder(folder) is not null;

    /// <param name="folder">The <c>Caravan-CAMELS</c> folder, or a folder above it (<c>data/Caravan-CAMELS</c>).</param>
    public static HydroDataset Load(string folder, CaravanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
            throw new DataException(folder, null, "dataset folder not found (expected a Caravan-CAMELS folder with catchments.csv and <gauge_id>.csv files).");
        var dataDir = FindDataFolder(folder) ?? throw new DataException(folder, null,
            $"no {CatalogueFile} here or in Caravan-CAMELS/ or data/Caravan-CAMELS/ (expected the Caravan-CAMELS layout).");
        string petMethod = PotentialEvapotranspiration.CheckMethod(options.Pet);
        if (petMethod == "hargreaves")
            throw new DataException("hargreaves PET needs daily tmax and tmin; Caravan-CAMELS files carry only the daily mean temperature. Use pet oudin or hamon.");

        var listed = ReadCatalogue(Path.Combine(dataDir, CatalogueFile));
        List<string> basins;
        if (options.Basins is { } selection)
        {
            foreach (var b in selection.Ids)
            {
                if (!listed.Contains(b))
                    throw new DataException(Path.Combine(dataDir, CatalogueFile), null,
                        $"basin {b} is not listed ({listed.Count} basins){Names.DidYouMean(b, listed)}.");
                if (!File.Exists(Path.Combine(dataDir, b + ".csv")))
                    throw new DataException(Path.Combine(dataDir, b + ".csv"), null, $"basin {b} is listed but its series file is absent.");
            }
            basins = selection.Ids.ToList();
        }
        else
        {
            // The shared copy lists 482 basins but holds 481 files; the absent one is skipped (its SOURCE.md asks for this).
            basins = listed.Where(b => File.Exists(Path.Combine(dataDir, b + ".csv"))).ToList();
            if (basins.Count == 0) throw new DataException(dataDir, null, "none of the listed basins has a <gauge_id>.csv file.");
        }
        int skipped = options.Basins is null ? listed.Count - basins.Count : 0;

        bool needTable = options.Attributes.Count > 0 || petMethod != "none";
        var table = needTable ? CamelsAttributeTable.Load(AttributesFolder(folder, dataDir, options.AttributesPath, petMethod)) : null;
        var attributes = CamelsUsLoader.SelectAttributes(table, options.Attributes, basins, options.AttributeFill);
        var latitudes = table is not null && petMethod != "none" ? Latitudes(table, basins, petMethod) : null;

        int n = basins.Count;
        var series = new CaravanSeries[n];
        ParallelLoad.ForEach(n, i => series[i] = CaravanSeries.Read(Path.Combine(dataDir, basins[i] + ".csv")));

        var period = options.Period ?? Record;
        if (!Record.Contains(period))
            throw new DataException(series[0].Path, null, $"the file covers {Record}, which does not include the requested period {period} (basin {basins[0]}).");

        var names = SelectVariables(options.Variables, petMethod);
        int days = period.Days, offset = period.Start.DayNumber - FirstDay.DayNumber;
        var dynamic = new List<DynamicVariable>();
        foreach (var name in names)
        {
            var values = new float[(long)days * n];
            ParallelLoad.ForEach(n, b =>
            {
                var s = series[b];
                ReadOnlySpan<float> column = name switch
                {
                    "prcp" => s.Precipitation.AsSpan(offset, days),
                    "tmean" => s.Temperature.AsSpan(offset, days),
                    "streamflow" => s.Streamflow.AsSpan(offset, days),
                    _ => PotentialEvapotranspiration.Series(petMethod, period.Start, days, latitudes![b], [], [],
                        s.Temperature.AsSpan(offset, days), []),
                };
                for (int t = 0; t < days; t++) values[(long)t * n + b] = column[t];
            });
            dynamic.Add(new DynamicVariable(name, VariableUnits.Of(name), days, n, values));
        }

        TargetCoverage.RequireObservations(dynamic.Single(v => v.Name == CamelsUsLoader.TargetName), basins, period,
            b => series[b].Path, _ => Record);

        var locations = basins.Select((b, i) => new BasinLocation(
            latitudes?[i] ?? Value(table, b, "gauge_lat"), Value(table, b, "elev_mean"), Value(table, b, "area_gages2"))).ToList();
        var description = $"Caravan-CAMELS (ERA5-Land P/T, USGS Q), {dataDir}; pet {petMethod}" +
                          (skipped > 0 ? $"; {skipped} listed basin(s) without a series file skipped" : "") +
                          CamelsUsLoader.FillNote(attributes, basins);
        return new HydroDataset(basins, period.Start, days, dynamic, attributes, locations, CamelsUsLoader.TargetName, description);
    }

    /// <summary>gauge_lat per basin; a missing one is an error, since PET from a NaN latitude would be NaN on every day.</summary>
    static double[] Latitudes(CamelsAttributeTable table, IReadOnlyList<string> basins, string petMethod)
    {
        var values = table.Attribute("gauge_lat", basins).Values;
        for (int i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i]))
                throw new DataException(table.TableOf("gauge_lat"), null,
                    $"basin {basins[i]} has no gauge_lat in this table (missing row or NA); expected its latitude for {petMethod} PET (or use pet none).");
        return values;
    }

    static double Value(CamelsAttributeTable? table, string basin, string name) =>
        table is not null && table.HasBasin(basin) && table.HasAttribute(name) ? table.Value(basin, name) : double.NaN;

    static string? FindDataFolder(string folder)
    {
        foreach (var candidate in new[] { folder, Path.Combine(folder, "Caravan-CAMELS"), Path.Combine(folder, "data", "Caravan-CAMELS") })
            if (File.Exists(Path.Combine(candidate, CatalogueFile))) return Path.GetFullPath(candidate);
        return null;
    }

    static string AttributesFolder(string folder, string dataDir, string? configured, string petMethod)
    {
        if (configured is not null) return configured;
        foreach (var dir in new[] { Path.Combine(folder, "camels_attributes_v2.0"), Path.Combine(dataDir, "camels_attributes_v2.0") })
            if (Directory.Exists(dir)) return dir;
        var why = petMethod != "none" ? $"{petMethod} PET needs each basin's latitude (gauge_lat in camels_topo.txt)" : "attributes were requested";
        throw new DataException(folder, null,
            $"no CAMELS attribute tables found; {why}. Give the attributes path (a folder of camels_*.txt tables, e.g. CAMELS attributes v2.0), or pet none.");
    }

    /// <summary>
    /// Gauge ids of <c>catchments.csv</c> (header <c>gauge_id,…</c>, first column the id). A duplicate is an error:
    /// the basin would be loaded, trained and scored twice.
    /// </summary>
    static List<string> ReadCatalogue(string path)
    {
        var ids = new List<string>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.TrimStart().StartsWith("gauge_id", StringComparison.Ordinal))
                    throw new DataException(path, 1, "expected a header starting with 'gauge_id' (gauge_id,gauge_name,…).");
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) continue;
            int comma = line.IndexOf(',');
            var raw = comma < 0 ? line : line[..comma];
            var id = raw.Trim();
            if (!BasinSelection.IsTableId(id))
                throw new DataException(path, lineNumber,
                    $"'{id}' is not an 8-digit gauge id (the catalogue spells ids as 8-character strings with the leading zero, e.g. 01022500; ids are never matched as numbers).");
            if (!firstLine.TryAdd(id, lineNumber))
                throw new DataException(path, lineNumber, $"basin {id} is listed twice (first on line {firstLine[id]}).");
            ids.Add(id);
        }
        if (lineNumber == 0) throw new DataException(path, 1, "the file is empty; expected a header starting with 'gauge_id', then one basin per line.");
        if (ids.Count == 0) throw new DataException(path, null, "the catalogue lists no basins (expected one gauge id per line after the header).");
        return ids;
    }

    static List<string> SelectVariables(IReadOnlyList<string>? requested, string petMethod)
    {
        var available = new List<string> { "prcp", "tmean" };
        if (petMethod != "none") available.Add("pet");
        available.Add(CamelsUsLoader.TargetName);
        if (requested is null) return available;
        var chosen = new List<string>();
        foreach (var v in requested)
        {
            if (v == "pet" && petMethod == "none")
                throw new DataException("variable 'pet' needs a PET method: set pet to oudin or hamon.");
            if (!available.Contains(v))
                throw new DataException($"unknown variable '{v}'{Names.DidYouMean(v, available)}; Caravan-CAMELS provides: {string.Join(", ", available)}.");
            if (!chosen.Contains(v)) chosen.Add(v);
        }
        if (!chosen.Contains(CamelsUsLoader.TargetName)) chosen.Add(CamelsUsLoader.TargetName);
        return chosen;
    }
}
