using System.Text;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Small line-level edits that turn a good corpus file into a broken or a legally varied one. Line numbers are
/// 1-based, as in the loaders' messages, so a case reads "edit line 10, expect line 10".
/// </summary>
internal static class TextMutation
{
    static readonly UTF8Encoding noBom = new(encoderShouldEmitUTF8Identifier: false);

    static List<string> Lines(string path) => File.ReadAllText(path).Split('\n').SkipLast(1).ToList();

    static void Write(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Join("\n", lines) + "\n", noBom);

    public static void EditLine(string path, int line, Func<string, string> edit)
    {
        var lines = Lines(path);
        lines[line - 1] = edit(lines[line - 1]);
        Write(path, lines);
    }

    public static void ReplaceLine(string path, int line, string text) => EditLine(path, line, _ => text);

    public static void DeleteLine(string path, int line)
    {
        var lines = Lines(path);
        lines.RemoveAt(line - 1);
        Write(path, lines);
    }

    /// <summary>Copies line <paramref name="line"/> so that it appears twice in a row.</summary>
    public static void DuplicateLine(string path, int line)
    {
        var lines = Lines(path);
        lines.Insert(line, lines[line - 1]);
        Write(path, lines);
    }

    public static void SwapWithNext(string path, int line)
    {
        var lines = Lines(path);
        (lines[line - 1], lines[line]) = (lines[line], lines[line - 1]);
        Write(path, lines);
    }

    /// <summary>Keeps only the first <paramref name="count"/> lines.</summary>
    public static void KeepLines(string path, int count) => Write(path, Lines(path).Take(count));

    /// <summary>Edits every line from <paramref name="from"/> on.</summary>
    public static void EditLinesFrom(string path, int from, Func<string, string> edit)
    {
        var lines = Lines(path);
        for (int i = from - 1; i < lines.Count; i++) lines[i] = edit(lines[i]);
        Write(path, lines);
    }

    /// <summary>Replaces whitespace-separated field <paramref name="field"/> (0-based) of a line, keeping the other separators.</summary>
    public static void ReplaceField(string path, int line, int field, string value) =>
        EditLine(path, line, text => ReplaceField(text, field, value, separator: null));

    /// <summary>Replaces <paramref name="separator"/>-separated field <paramref name="field"/> (0-based) of a line.</summary>
    public static void ReplaceField(string path, int line, int field, string value, char separator) =>
        EditLine(path, line, text => ReplaceField(text, field, value, separator));

    static string ReplaceField(string text, int field, string value, char? separator)
    {
        if (separator is { } sep)
        {
            var cells = text.Split(sep);
            cells[field] = value;
            return string.Join(sep, cells);
        }
        // Whitespace-separated: find the field's span so that the tabs and spaces around it survive.
        int i = 0, index = -1;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            if (i >= text.Length) break;
            int start = i;
            while (i < text.Length && text[i] is not (' ' or '\t')) i++;
            if (++index == field) return text[..start] + value + text[i..];
        }
        throw new ArgumentOutOfRangeException(nameof(field), $"line '{text}' has no field {field}.");
    }

    public static void Empty(string path) => File.WriteAllText(path, "");

    /// <summary>Whole-file rewrites that every loader must read exactly as the original.</summary>
    public static readonly IReadOnlyDictionary<string, Action<string>> LegalVariations = new Dictionary<string, Action<string>>
    {
        ["crlf"] = path => File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n"), noBom),
        ["utf8_bom"] = path => File.WriteAllText(path, File.ReadAllText(path), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)),
        ["no_final_newline"] = path => File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'), noBom),
        ["trailing_blank_lines"] = path => File.AppendAllText(path, "\n  \n\t\n\n", noBom),
        ["crlf_bom_no_final_newline"] = path =>
            File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n').Replace("\n", "\r\n"), new UTF8Encoding(true)),
    };

    /// <summary>
    /// Mixes tabs and spaces between fields (the real CAMELS files already do): whitespace runs alternate between
    /// a tab, two spaces and " \t "; for ',' and ';' files, spaces and tabs are put around the separators.
    /// </summary>
    public static void MixWhitespace(string path, char? separator)
    {
        string[] runs = ["\t", "  ", " \t "];
        var lines = Lines(path);
        for (int l = 0; l < lines.Count; l++)
        {
            var text = lines[l];
            if (separator is { } sep)
            {
                lines[l] = string.Join(l % 2 == 0 ? $" {sep}\t" : $"\t{sep} ", text.Split(sep));
                continue;
            }
            var sb = new StringBuilder();
            int r = l;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] is ' ' or '\t')
                {
                    while (i + 1 < text.Length && text[i + 1] is ' ' or '\t') i++;
                    sb.Append(runs[r++ % runs.Length]);
                }
                else sb.Append(text[i]);
            }
            lines[l] = sb.ToString();
        }
        Write(path, lines);
    }
}
