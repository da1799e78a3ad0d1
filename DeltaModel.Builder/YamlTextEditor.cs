using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Builder;

/// <summary>
/// Changes one key of a YAML text in place, so that the form and the YAML view stay one document: everything else —
/// comments, key order, blank lines, quoting — is kept byte for byte. A key that exists has its value replaced where
/// it stands; a missing key is added at the end of its section (the sections on the way are created).
/// </summary>
public static class YamlTextEditor
{
    /// <summary><paramref name="yaml"/> with <paramref name="dottedPath"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="BuilderException">400: the text is not YAML, or the path goes through a value that is not a section.</exception>
    public static string Set(string yaml, string dottedPath, JsonElement value)
    {
        var keys = dottedPath.Split('.');
        if (keys.Any(k => k.Length == 0)) throw BuilderException.BadRequest($"'{dottedPath}' is not a dotted key such as train.epochs.");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw BuilderException.BadRequest($"line {e.Start.Line}: the YAML must parse before the form can change it ({e.InnerException?.Message ?? e.Message}).");
        }
        catch (InvalidOperationException)   // YamlDotNet's scanner on some unclosed flow collections
        {
            throw BuilderException.BadRequest("the YAML must parse before the form can change it (is a [ or { not closed on some line?).");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return yaml.TrimEnd() + (yaml.Trim().Length == 0 ? "" : "\n") + Block(keys, value, 0) + "\n";

        var map = root;
        for (int i = 0; i < keys.Length; i++)
        {
            var key = new YamlScalarNode(keys[i]);
            if (!map.Children.TryGetValue(key, out var node))
                return Insert(yaml, map, keys[i..], value);
            if (i == keys.Length - 1) return Replace(yaml, node, Flow(value));
            switch (node)
            {
                case YamlMappingNode child: map = child; break;
                case YamlScalarNode { Value: null or "" or "~" or "null" }:
                    return Replace(yaml, node, FlowMapping(keys[(i + 1)..], value));
                default:
                    throw BuilderException.BadRequest($"'{string.Join('.', keys[..(i + 1)])}' is a value, not a section with key '{keys[i + 1]}'.");
            }
        }
        throw new System.Diagnostics.UnreachableException();
    }

    static string Replace(string yaml, YamlNode node, string text)
    {
        int start = (int)node.Start.Index, end = End(yaml, node);
        if (node is YamlScalarNode { Value: null or "" } && end <= start) return yaml.Insert(start, " " + text);
        return yaml[..start] + text + yaml[end..];
    }

    /// <summary>
    /// Where a node's own text ends. A collection's end mark is where the next token begins (after comments and blank
    /// lines), so a block collection ends at its last item and a flow collection at its closing bracket.
    /// </summary>
    static int End(string yaml, YamlNode node) => node switch
    {
        YamlSequenceNode { Style: SequenceStyle.Block, Children.Count: > 0 } s => End(yaml, s.Children[^1]),
        YamlMappingNode { Style: MappingStyle.Block, Children.Count: > 0 } m => End(yaml, m.Children[^1].Value),
        YamlSequenceNode or YamlMappingNode => ClosingBracket(yaml, (int)node.Start.Index) + 1,
        _ => (int)node.End.Index,
    };

    /// <summary>The index of the bracket that closes the one at <paramref name="open"/> (brackets inside quotes do not count).</summary>
    static int ClosingBracket(string yaml, int open)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = open; i < yaml.Length; i++)
        {
            char c = yaml[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}' && --depth == 0) return i;
        }
        return yaml.Length - 1;
    }

    static string Insert(string yaml, YamlMappingNode map, string[] keys, JsonElement value)
    {
        if (map.Style == MappingStyle.Flow)
        {
            int close = ClosingBracket(yaml, (int)map.Start.Index);
            var separator = map.Children.Count > 0 ? ", " : "";
            return yaml.Insert(close, $"{separator}{keys[0]}: {(keys.Length == 1 ? Flow(value) : FlowMapping(keys[1..], value))}");
        }
        int indent = map.Children.Count > 0 ? (int)map.Children.First().Key.Start.Column - 1 : 0;
        int at = map.Children.Count > 0 ? LineEnd(yaml, End(yaml, map.Children.Last().Value)) : yaml.Length;
        var block = Block(keys, value, indent);
        return at >= yaml.Length
            ? yaml.TrimEnd('\n') + "\n" + block + "\n"
            : yaml.Insert(at, "\n" + block);
    }

    static int LineEnd(string yaml, int index)
    {
        int newline = yaml.IndexOf('\n', Math.Min(index, yaml.Length));
        return newline < 0 ? yaml.Length : newline;
    }

    /// <summary><c>a:\n  b: value</c> at <paramref name="indent"/> spaces.</summary>
    static string Block(string[] keys, JsonElement value, int indent)
    {
        var text = new StringBuilder();
        for (int i = 0; i < keys.Length; i++)
        {
            text.Append(' ', indent + 2 * i).Append(keys[i]).Append(':');
            if (i < keys.Length - 1) text.Append('\n');
        }
        return text.Append(' ').Append(Flow(value)).ToString();
    }

    static string FlowMapping(string[] keys, JsonElement value) =>
        keys.Length == 1 ? $"{{{keys[0]}: {Flow(value)}}}" : $"{{{keys[0]}: {FlowMapping(keys[1..], value)}}}";

    /// <summary>A JSON value written as flow YAML: scalars plain where that reads back the same, lists as <c>[a, b]</c>.</summary>
    public static string Flow(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Scalar(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Flow)) + "]",
        JsonValueKind.Object => "{" + string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}: {Flow(p.Value)}")) + "}",
        _ => throw BuilderException.BadRequest($"cannot write a {value.ValueKind} value."),
    };

    static string Scalar(string s)
    {
        bool plain = s.Length > 0 && s.Trim() == s && s is not ("null" or "~" or "true" or "false" or "yes" or "no")
                     && s.IndexOfAny([':', '#', '[', ']', '{', '}', ',', '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`']) < 0
                     && s[0] != '-' && s[0] != '?';
        return plain ? s : JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The YAML as JSON (scalars as text, the form converts by the schema); null where the text is not YAML.</summary>
    public static System.Text.Json.Nodes.JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null;   // the check reports why
        }
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    static System.Text.Json.Nodes.JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null or "~" or "null" && s.Style == ScalarStyle.Plain ? null : s.Value,
        YamlSequenceNode q => new System.Text.Json.Nodes.JsonArray([.. q.Children.Select(ToJson)]),
        YamlMappingNode m => new System.Text.Json.Nodes.JsonObject(m.Children
            .Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))
            .DistinctBy(kv => kv.Key)),
        _ => null,
    };
}
