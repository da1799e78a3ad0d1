using System.Globalization;

namespace DeltaModel.Core.Data;

/// <summary>
/// Splits one line of a text file into fields without allocating, so that multi-megabyte CAMELS files load in
/// milliseconds (no Regex or string.Split per line).
/// </summary>
internal ref struct TextFields
{
    ReadOnlySpan<char> rest;
    readonly char separator;
    bool finished;

    /// <param name="separator">Field separator; <c>'\0'</c> means runs of spaces and tabs.</param>
    public TextFields(ReadOnlySpan<char> line, char separator = '\0')
    {
        rest = line;
        this.separator = separator;
        finished = false;
    }

    /// <summary>The next field, or false when the line is used up.</summary>
    public bool Next(out ReadOnlySpan<char> field)
    {
        field = default;
        if (finished) return false;
        if (separator == '\0')
        {
            rest = rest.TrimStart(" \t");
            if (rest.IsEmpty) { finished = true; return false; }
            int end = rest.IndexOfAny(' ', '\t');
            if (end < 0) end = rest.Length;
            field = rest[..end];
            rest = rest[end..];
            return true;
        }
        int sep = rest.IndexOf(separator);
        if (sep < 0)
        {
            // The last field (possibly empty, as in "a;b;") is returned once.
            field = rest;
            finished = true;
            return true;
        }
        field = rest[..sep];
        rest = rest[(sep + 1)..];
        return true;
    }

    /// <summary>Parses a number with the invariant culture (CAMELS files use '.' as decimal mark).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a whole number (years, months, days).</summary>
    public static bool TryParseInt(ReadOnlySpan<char> field, out int value) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
