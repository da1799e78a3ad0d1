using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DeltaModel.HelpGen;

/// <summary>
/// The compiler's XML documentation file of the module, looked up by member. Cmdlet help lives in the type's summary
/// as <c>&lt;para type="synopsis|description|outputs"&gt;</c> and <c>&lt;example&gt;&lt;code/&gt;&lt;para/&gt;&lt;/example&gt;</c>
/// (the XmlDoc2CmdletDoc convention), parameter help in each property's summary.
/// </summary>
public sealed partial class DocComments
{
    readonly Dictionary<string, XElement> members;

    DocComments(Dictionary<string, XElement> members) => this.members = members;

    public static DocComments Load(string path) => new(XDocument.Load(path).Descendants("member")
        .ToDictionary(m => (string)m.Attribute("name")!, m => m, StringComparer.Ordinal));

    /// <summary>The summary element of a type, or null when it has none.</summary>
    public XElement? Summary(Type type) => Member($"T:{Id(type)}");

    /// <summary>The summary element of a property (documented on the type that declares it), or null.</summary>
    public XElement? Summary(PropertyInfo property) => Member($"P:{Id(property.DeclaringType!)}.{property.Name}");

    XElement? Member(string id) => members.TryGetValue(id, out var m) ? m.Element("summary") : null;

    static string Id(Type type) => type.FullName!.Replace('+', '.');

    /// <summary>The typed paragraphs of a summary (synopsis, description, outputs), as plain text.</summary>
    public static IReadOnlyList<string> Paragraphs(XElement? summary, string kind) =>
        summary?.Elements("para").Where(p => (string?)p.Attribute("type") == kind).Select(Text).ToList() ?? [];

    /// <summary>The examples of a summary: the code as written, each remark paragraph as plain text.</summary>
    public static IReadOnlyList<ExampleHelp> Examples(XElement? summary) =>
        summary?.Elements("example").Select(e => new ExampleHelp(
            Dedent((string?)e.Element("code") ?? ""),
            e.Elements("para").Select(Text).ToList())).ToList() ?? [];

    /// <summary>
    /// Plain text of a doc element: <c>&lt;see cref&gt;</c> becomes the member's short name, <c>&lt;paramref&gt;</c> and
    /// <c>&lt;c&gt;</c> their text, and the compiler's line breaks and indentation collapse to single spaces.
    /// </summary>
    public static string Text(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e when e.Attribute("cref") is { } cref => ShortName(cref.Value),
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => (string?)e.Attribute("name") ?? "",
                XElement e => Text(e),
                _ => "",
            });
        }
        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    /// <summary><c>T:DeltaModel.Core.Data.HydroDataset</c> → <c>HydroDataset</c>.</summary>
    static string ShortName(string cref)
    {
        var name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary>Code keeps its lines but loses the indentation the doc comment gave every line.</summary>
    static string Dedent(string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse()
            .SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim()));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
