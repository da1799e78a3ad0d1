namespace DeltaModel.Core.Data;

/// <summary>
/// An ordered list of CAMELS gauge ids chosen by the user, from a list or a basin file. Ids are normalised to the
/// 8-digit USGS form because CAMELS files and tables key on it, while spreadsheets and some lists drop the leading
/// zero (<c>1013500</c> → <c>01013500</c>). Duplicates are rejected: a basin listed twice would be trained and scored
/// twice without anyone noticing. Caravan's ids, <c>&lt;source&gt;_&lt;id&gt;</c> (<c>camels_01013500</c>,
/// <c>camelsgb_28015</c>), are kept as written (<see cref="IsSourcePrefixedId"/>): their source's own spelling is the key.
/// </summary>
public sealed class BasinSelection
{
    BasinSelection(IReadOnlyList<string> ids, string? sourceFile)
    {
        Ids = ids;
        SourceFile = sourceFile;
    }

    /// <summary>Gauge ids in the order given, 8 characters each.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The basin file the ids were read from, when they came from one.</summary>
    public string? SourceFile { get; }

    public int Count => Ids.Count;

    /// <summary>A selection from ids given in code or on a command line.</summary>
    public static BasinSelection FromIds(IEnumerable<string> ids)
    {
        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in ids)
        {
            var id = NormalizeId(raw) ?? throw new DataException(
                $"basin id '{raw}' is not a USGS gauge id (expected 8 digits, e.g. 01013500, or a Caravan id <source>_<id>, e.g. camels_01013500).");
            if (!seen.Add(id)) throw new DataException($"basin '{id}' is listed twice.");
            list.Add(id);
        }
        if (list.Count == 0) throw new DataException("the basin selection is empty; give at least one gauge id.");
        return new BasinSelection(list, null);
    }

    /// <summary>
    /// Reads a basin file: one gauge id per line; <c>#</c> starts a comment; blank lines are skipped. Errors name
    /// the file and the 1-based line.
    /// </summary>
    public static BasinSelection FromFile(string path)
    {
        if (!File.Exists(path))
            throw new DataException(path, null, "basin file not found (expected a text file with one 8-digit gauge id per line).");
        var list = new List<string>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.AsSpan();
            int hash = text.IndexOf('#');
            if (hash >= 0) text = text[..hash];
            text = text.Trim();
            if (text.IsEmpty) continue;
            var raw = text.ToString();
            var id = NormalizeId(raw) ?? throw new DataException(path, lineNumber,
                $"'{raw}' is not a USGS gauge id (expected 8 digits per line, e.g. 01013500, or a Caravan id <source>_<id>, e.g. camels_01013500).");
            if (!firstLine.TryAdd(id, lineNumber))
                throw new DataException(path, lineNumber, $"basin '{id}' is listed twice (first on line {firstLine[id]}).");
            list.Add(id);
        }
        if (list.Count == 0) throw new DataException(path, null, "the basin file lists no basins.");
        return new BasinSelection(list, Path.GetFullPath(path));
    }

    /// <summary>
    /// Command-line form: an existing file is read as a basin file; anything else is a comma-separated list of ids.
    /// </summary>
    public static BasinSelection Parse(string fileOrIds) =>
        File.Exists(fileOrIds)
            ? FromFile(fileOrIds)
            : FromIds(fileOrIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The 8-digit form of a gauge id (7 digits get a leading zero), a Caravan id as written, or null when it is
    /// neither.
    /// </summary>
    public static string? NormalizeId(string raw)
    {
        var s = raw.Trim();
        if (IsSourcePrefixedId(s)) return s;
        if (s.Length is < 7 or > 8) return null;
        foreach (char c in s) if (!char.IsAsciiDigit(c)) return null;
        return s.Length == 7 ? "0" + s : s;
    }

    /// <summary>
    /// True for a gauge id as CAMELS tables and files spell it: exactly 8 digits, leading zero kept. Tables are
    /// matched on this string, never on its number, so <c>1022500</c> is not <c>01022500</c> there (unlike a user's
    /// selection, which <see cref="NormalizeId"/> completes).
    /// </summary>
    public static bool IsTableId(ReadOnlySpan<char> id)
    {
        if (id.Length != 8) return false;
        foreach (char c in id) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>
    /// True for a Caravan-style id <c>&lt;source&gt;_&lt;id&gt;</c>: a lower-case source name (letters and digits,
    /// starting with a letter), an underscore, then the source's own id (letters, digits, <c>-</c>, <c>.</c>, <c>_</c>).
    /// </summary>
    public static bool IsSourcePrefixedId(ReadOnlySpan<char> id)
    {
        int underscore = id.IndexOf('_');
        if (underscore < 1 || underscore == id.Length - 1 || !char.IsAsciiLetterLower(id[0])) return false;
        foreach (char c in id[..underscore]) if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c)) return false;
        foreach (char c in id[(underscore + 1)..]) if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_')) return false;
        return true;
    }

    public override string ToString() => SourceFile ?? string.Join(",", Ids);
}
