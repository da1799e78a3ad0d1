using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Normalization;

namespace DeltaModel.Core.Data.Camels;

/// <summary>
/// The CAMELS-US static attribute tables (<c>camels_clim.txt</c>, <c>camels_topo.txt</c>, … in
/// <c>camels_attributes_v2.0/</c>): <c>;</c>-separated text, one header line, first column <c>gauge_id</c>. All
/// <c>camels_*.txt</c> files of a folder are joined on the gauge id. Columns whose every present value is a number are
/// numeric; the others (e.g. <c>geol_1st_class</c>, <c>dom_land_cover</c>, <c>high_prec_timing</c>) are categorical
/// and encoded as indices into their sorted categories (see <see cref="StaticAttribute"/>). Empty, <c>NA</c> and
/// <c>NaN</c> cells are missing: <see cref="Require"/> (what the loaders use for requested attributes) stops on one
/// with an error naming table, line, basin and attribute, unless an explicit <see cref="AttributeFill"/> is asked for.
/// Gauge ids are compared as the 8-character strings the tables hold, never as numbers.
/// Other layouts of per-basin attribute tables (Caravan's comma-separated <c>attributes_*.csv</c>) are read by the same
/// rules through a <see cref="TableLayout"/>.
/// </summary>
public sealed class CamelsAttributeTable
{
    /// <summary>
    /// How a family of attribute tables is spelled on disk: file pattern (searched below the folder when
    /// <paramref name="Recursive"/>), field separator, what a gauge id looks like, and the hint an unknown basin gets.
    /// With <paramref name="Recursive"/>, a column may repeat in tables of different folders (one folder per data
    /// source, each with its own basins); a basin that has the column twice is still an error.
    /// </summary>
    public sealed record TableLayout(string Kind, string FilePattern, char Separator, bool Recursive,
        Func<string, bool> IsId, string IdRule, string CompletenessHint, IReadOnlyList<string> StandardTables)
    {
        /// <summary>CAMELS-US attributes v2.0: <c>camels_*.txt</c>, <c>;</c>-separated, 8-digit ids.</summary>
        public static readonly TableLayout Camels = new("CAMELS", "camels_*.txt", ';', false, id => BasinSelection.IsTableId(id),
            "is not an 8-digit USGS id (CAMELS tables spell ids as 8-character strings with the leading zero, e.g. 01022500; ids are never matched as numbers)",
            "point the attributes path at the complete CAMELS tables (all 671 basins)", standardTables);
    }

    /// <summary>
    /// Accepted alternative spellings → the header's spelling. CAMELS v2.0 spells <c>geol_porostiy</c>; the Python
    /// original's configs (spec §1.4) ask for <c>geol_porosity</c>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["geol_porosity"] = "geol_porostiy" };

    /// <summary>Units of the attributes most used as model inputs (CAMELS v2.0 readme); others have none recorded.</summary>
    static readonly Dictionary<string, string> units = new(StringComparer.Ordinal)
    {
        ["p_mean"] = "mm/d", ["pet_mean"] = "mm/d", ["aridity"] = "-", ["frac_snow"] = "-", ["p_seasonality"] = "-",
        ["high_prec_freq"] = "d/yr", ["high_prec_dur"] = "d", ["low_prec_freq"] = "d/yr", ["low_prec_dur"] = "d",
        ["gauge_lat"] = "°N", ["gauge_lon"] = "°E", ["elev_mean"] = "m", ["slope_mean"] = "m/km",
        ["area_gages2"] = "km²", ["area"] = "km²", ["area_geospa_fabric"] = "km²", ["frac_forest"] = "-", ["lai_max"] = "-",
        ["lai_diff"] = "-", ["gvf_max"] = "-", ["gvf_diff"] = "-", ["dom_land_cover_frac"] = "-",
        ["root_depth_50"] = "m", ["root_depth_99"] = "m", ["soil_depth_pelletier"] = "m", ["soil_depth_statsgo"] = "m",
        ["soil_porosity"] = "-", ["soil_conductivity"] = "cm/h", ["max_water_content"] = "m", ["sand_frac"] = "%",
        ["silt_frac"] = "%", ["clay_frac"] = "%", ["water_frac"] = "%", ["organic_frac"] = "%", ["other_frac"] = "%",
        ["glim_1st_class_frac"] = "-", ["glim_2nd_class_frac"] = "-", ["carbonate_rocks_frac"] = "-",
        ["geol_porostiy"] = "-", ["geol_permeability"] = "log10(m²)", ["q_mean"] = "mm/d", ["runoff_ratio"] = "-",
    };

    readonly Dictionary<string, int> basinIndex;
    readonly Dictionary<string, Column> columns;

    /// <param name="Cells">Per basin index, the raw cell and its line; <c>default</c> where the basin has no row in <paramref name="File"/>.</param>
    sealed record Column(string Name, string File, double[] Values, IReadOnlyList<string>? Categories, Cell[] Cells);

    /// <summary>One raw cell and its 1-based line, kept until the column's type is known so errors can name the line.</summary>
    readonly record struct Cell(string Text, int Line, string File);

    /// <summary>The tables of CAMELS attributes v2.0; an unknown attribute's error names those absent from the folder.</summary>
    static readonly string[] standardTables =
        ["camels_clim.txt", "camels_geol.txt", "camels_hydro.txt", "camels_name.txt", "camels_soil.txt", "camels_topo.txt", "camels_vege.txt"];

    readonly TableLayout layout;

    CamelsAttributeTable(string folder, TableLayout layout, List<string> basins, Dictionary<string, Column> columns)
    {
        this.layout = layout;
        Folder = folder;
        Basins = basins;
        basinIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < basins.Count; i++) basinIndex[basins[i]] = i;
        this.columns = columns;
        AttributeNames = columns.Keys.ToList();
    }

    /// <summary>The folder the tables were read from.</summary>
    public string Folder { get; }

    /// <summary>Every gauge id found in any table, in first-seen order.</summary>
    public IReadOnlyList<string> Basins { get; }

    /// <summary>Column names as spelled in the headers (file order), <c>gauge_id</c> excluded.</summary>
    public IReadOnlyList<string> AttributeNames { get; }

    public bool HasBasin(string basin) => basinIndex.ContainsKey(basin);

    /// <summary>True for a header name or an alias of one.</summary>
    public bool HasAttribute(string name) => columns.ContainsKey(Resolve(name));

    /// <summary>Reads every <c>camels_*.txt</c> in <paramref name="folder"/>.</summary>
    public static CamelsAttributeTable Load(string folder) => Load(folder, TableLayout.Camels);

    /// <summary>Reads every table of <paramref name="layout"/> in (or below) <paramref name="folder"/>.</summary>
    public static CamelsAttributeTable Load(string folder, TableLayout layout)
    {
        if (!Directory.Exists(folder))
            throw new DataException(folder, null, $"attribute folder not found (expected the {layout.Kind} {layout.FilePattern} tables).");
        var files = Directory.GetFiles(folder, layout.FilePattern, layout.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new DataException(folder, null, $"no {layout.FilePattern} attribute tables in this folder.");

        var basins = new List<string>();
        var basinIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = new List<(string File, string Name, Dictionary<int, Cell> Cells)>();
        var owner = new Dictionary<string, (string File, Dictionary<int, Cell> Cells)>(StringComparer.Ordinal);
        foreach (var file in files) ReadFile(file, layout, basins, basinIndex, raw, owner);

        var columns = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var (file, name, cells) in raw) columns[name] = Build(file, name, cells, basins.Count);
        return new CamelsAttributeTable(Path.GetFullPath(folder), layout, basins, columns);
    }

    static void ReadFile(string file, TableLayout layout, List<string> basins, Dictionary<string, int> basinIndex,
        List<(string, string, Dictionary<int, Cell>)> raw, Dictionary<string, (string File, Dictionary<int, Cell> Cells)> owner)
    {
        char sep = layout.Separator;
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0) throw new DataException(file, 1, "empty attribute table (expected a header line starting with gauge_id).");
        var header = lines[0].Split(sep).Select(h => h.Trim()).ToArray();
        if (header[0] != "gauge_id")
            throw new DataException(file, 1, $"first column is '{header[0]}', expected 'gauge_id' (a '{sep}'-separated {layout.Kind} table).");
        var fileColumns = new Dictionary<int, Cell>[header.Length];
        for (int c = 1; c < header.Length; c++)
        {
            if (owner.TryGetValue(header[c], out var other))
            {
                if (!layout.Recursive || Path.GetDirectoryName(other.File) == Path.GetDirectoryName(file))
                    throw new DataException(file, 1, $"column '{header[c]}' also appears in {other.File}; attribute names must be unique across the tables.");
                fileColumns[c] = other.Cells; // the same attribute of another source's basins
                continue;
            }
            fileColumns[c] = new Dictionary<int, Cell>();
            owner[header[c]] = (file, fileColumns[c]);
            raw.Add((file, header[c], fileColumns[c]));
        }
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = lines[i].Split(sep);
            if (cells.Length != header.Length)
                throw new DataException(file, i + 1, $"expected {header.Length} '{sep}'-separated fields as in the header, found {cells.Length}.");
            var id = cells[0].Trim();
            if (!layout.IsId(id))
                throw new DataException(file, i + 1, $"gauge_id '{id}' {layout.IdRule}.");
            if (!basinIndex.TryGetValue(id, out int b))
            {
                b = basins.Count;
                basinIndex[id] = b;
                basins.Add(id);
            }
            for (int c = 1; c < header.Length; c++)
                if (!fileColumns[c].TryAdd(b, new Cell(cells[c].Trim(), i + 1, file)))
                    throw new DataException(file, i + 1, $"basin '{id}' appears twice in this table{(fileColumns[c][b].File == file ? "" : $" and {fileColumns[c][b].File}")}.");
        }
    }

    static bool IsMissing(string cell) =>
        cell.Length == 0 || cell.Equals("NA", StringComparison.OrdinalIgnoreCase) || cell.Equals("NaN", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A column is numeric when it is a known numeric attribute or any of its present cells is a number; then every
    /// present cell must be one. Without this rule a single typo ("2252,7") would silently turn a numeric column
    /// into category indices. Text columns (geology classes, land cover, seasons) hold no numbers at all.
    /// </summary>
    static Column Build(string file, string name, Dictionary<int, Cell> cells, int basinCount)
    {
        var values = new double[basinCount];
        Array.Fill(values, double.NaN);
        var byBasin = new Cell[basinCount];
        foreach (var (b, cell) in cells) byBasin[b] = cell;
        var present = cells.Where(c => !IsMissing(c.Value.Text)).ToList();
        bool numeric = units.ContainsKey(name) || present.Any(c => TextFields.TryParseNumber(c.Value.Text, out _));
        if (numeric)
        {
            foreach (var (b, cell) in present)
                values[b] = double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v
                    : throw new DataException(cell.File, cell.Line,
                        $"'{cell.Text}' in column {name} is not a number (expected a number with '.' as decimal mark, like the column's other values; NA or an empty cell for a missing value).");
            return new Column(name, file, values, null, byBasin);
        }
        var categories = present.Select(c => c.Value.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var categoryIndex = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        foreach (var (b, cell) in present) values[b] = categoryIndex[cell.Text];
        return new Column(name, file, values, categories, byBasin);
    }

    static string Resolve(string name) => Aliases.TryGetValue(name, out var real) ? real : name;

    /// <summary>
    /// The attribute <paramref name="name"/> (header spelling or alias; the result carries the name asked for) for
    /// <paramref name="basins"/>, in that order. Unknown names and basins throw <see cref="DataException"/> with a
    /// suggestion; a basin present in the tables but absent from this column's file gets NaN.
    /// </summary>
    public StaticAttribute Attribute(string name, IReadOnlyList<string> basins)
    {
        var column = GetColumn(name);
        var values = new double[basins.Count];
        for (int i = 0; i < basins.Count; i++) values[i] = column.Values[IndexOf(basins[i])];
        return new StaticAttribute(name, units.GetValueOrDefault(column.Name, ""), values, column.Categories);
    }

    /// <summary>
    /// Like <see cref="Attribute"/>, for an attribute a model will read: a basin without a value (<c>NA</c>, an
    /// empty cell, or no row in the column's table) is an error naming the table, line, basin and attribute, unless
    /// <paramref name="fill"/> asks for a fill. Filled values are marked in <see cref="StaticAttribute.Filled"/>.
    /// </summary>
    public StaticAttribute Require(string name, IReadOnlyList<string> basins, AttributeFill fill)
    {
        var attribute = Attribute(name, basins);
        var missing = Enumerable.Range(0, basins.Count).Where(i => double.IsNaN(attribute.Values[i])).ToList();
        if (missing.Count == 0) return attribute;
        var column = GetColumn(name);
        if (fill == AttributeFill.None)
        {
            var cell = column.Cells[IndexOf(basins[missing[0]])];
            bool noRow = cell.Line == 0; // default(Cell): the basin has no row in this column's table
            var what = noRow ? $"has no row in this table (attribute {name})" : $"has '{cell.Text}' (missing) for attribute {name}";
            var others = missing.Count > 1 ? $" ({missing.Count} requested basins lack it)" : "";
            throw new DataException(noRow ? column.File : cell.File, noRow ? null : cell.Line,
                $"basin {basins[missing[0]]} {what}{others}; a model input must have a value for every basin: drop attribute {name}, " +
                "drop the basin, or set data.attribute_fill: mean or median to fill it explicitly.");
        }
        var present = attribute.Values.Where(v => !double.IsNaN(v)).ToList();
        if (present.Count == 0)
            throw new DataException(column.File, null,
                $"no requested basin has a value for attribute {name} ({basins.Count} basins), so attribute_fill {fill.ToString().ToLowerInvariant()} has nothing to fill from; drop the attribute.");
        double value = FillValue(name, present, fill);
        var values = (double[])attribute.Values.Clone();
        var filled = new bool[values.Length];
        foreach (var i in missing) (values[i], filled[i]) = (value, true);
        return new StaticAttribute(attribute.Name, attribute.Unit, values, attribute.Categories, filled, fill);
    }

    /// <summary>
    /// The mean is computed as the normalisation computes it (<see cref="VariableStatistics"/>), bit for bit, so a
    /// mean-filled basin normalises to exactly 0 when these basins are the training basins.
    /// </summary>
    static double FillValue(string name, List<double> present, AttributeFill fill)
    {
        if (fill == AttributeFill.Mean) return VariableStatistics.Compute(name, NormalizationKind.ZScore, present).Mean;
        present.Sort();
        int mid = present.Count / 2;
        return present.Count % 2 == 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
    }

    /// <summary>One value (NaN when missing); categorical columns give the category index.</summary>
    public double Value(string basin, string name) => GetColumn(name).Values[IndexOf(basin)];

    /// <summary>The table file that holds attribute <paramref name="name"/> (header spelling or alias).</summary>
    public string TableOf(string name) => GetColumn(name).File;

    Column GetColumn(string name)
    {
        if (columns.TryGetValue(Resolve(name), out var column)) return column;
        var known = columns.Keys.Concat(Aliases.Keys);
        var absent = layout.StandardTables.Where(t => !File.Exists(Path.Combine(Folder, t))).ToList();
        var absentNote = absent.Count > 0 ? $"; {string.Join(", ", absent)} {(absent.Count == 1 ? "is" : "are")} absent from this folder" : "";
        throw new DataException(Folder, null,
            $"unknown {layout.Kind} attribute '{name}'{Names.DidYouMean(name, known)}{absentNote}; expected one of: {string.Join(", ", columns.Keys)}.");
    }

    int IndexOf(string basin) =>
        basinIndex.TryGetValue(basin, out int b)
            ? b
            : throw new DataException(Folder, null,
                $"basin '{basin}' is not in the attribute tables ({Basins.Count} basins){Names.DidYouMean(basin, Basins)}; {layout.CompletenessHint}.");
}
