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

    /// <summary>
    /// Number of fields on <paramref name="line"/>. Used on the error path only, so that a message can say "found N"
    /// without the fast path counting every line twice.
    /// </summary>
    public static int Count(ReadOnlySpan<char> line, char separator = '\0')
    {
        var fields = new TextFields(line, separator);
        int count = 0;
        while (fields.Next(out _)) count++;
        return count;
    }

    /// <summary>Parses a number with the invariant culture (CAMELS files use '.' as decimal mark).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> field, out double value) =>
        TryParseFixedPoint(field, out value)
        || double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    static readonly double[] powersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// Fast path for the plain decimals that make up these files (<c>-16.5</c>, <c>41472.00</c>): at most 15
    /// digits, so the mantissa and the power of ten are exact doubles and their quotient is correctly rounded —
    /// the same value <see cref="double.Parse(string)"/> gives. Anything else (exponents, NaN, long numbers) falls
    /// back to the framework parser.
    /// </summary>
    static bool TryParseFixedPoint(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, decimals = -1;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '.')
            {
                if (decimals >= 0) return false;
                decimals = 0;
                continue;
            }
            uint d = (uint)(c - '0');
            if (d > 9 || ++digits > 15) return false;
            mantissa = mantissa * 10 + d;
            if (decimals >= 0) decimals++;
        }
        if (digits == 0) return false;
        value = decimals > 0 ? mantissa / powersOfTen[decimals] : mantissa;
        if (negative) value = -value;
        return true;
    }

    /// <summary>Parses a whole number (years, months, days).</summary>
    public static bool TryParseInt(ReadOnlySpan<char> field, out int value) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
