using System.Xml.Linq;

namespace DeltaModel.HelpGen;

/// <summary>
/// Writes <see cref="CommandHelp"/> as MAML, the XML help format PowerShell reads for binary modules
/// (<c>&lt;culture&gt;/&lt;assembly&gt;.dll-Help.xml</c> beside the assembly): one <c>command:command</c> per cmdlet with
/// details, description, syntax per parameter set, parameters, input and output types and examples.
/// </summary>
public static class MamlWriter
{
    static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Build(IEnumerable<CommandHelp> commands) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(CommandElement)));

    /// <summary>Writes the file only when its text changed, so an unchanged module does not look rebuilt.</summary>
    public static void Write(string path, IEnumerable<CommandHelp> commands)
    {
        var document = Build(commands);
        var text = document.Declaration + "\n" + document.Root!.ToString() + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path) && File.ReadAllText(path) == text) { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); return; }
        var tmp = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    static XElement CommandElement(CommandHelp c) => new(Command + "command",
        new XElement(Command + "details",
            new XElement(Command + "name", c.Name),
            new XElement(Command + "verb", c.Verb),
            new XElement(Command + "noun", c.Noun),
            Paragraphs(Maml + "description", [c.Synopsis])),
        Paragraphs(Maml + "description", c.Description),
        new XElement(Command + "syntax", c.Syntax.Select(s => new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", c.Name),
            s.Parameters.Select(p => ParameterElement(p, inSyntax: true))))),
        new XElement(Command + "parameters", c.Parameters.Select(p => ParameterElement(p, inSyntax: false))),
        new XElement(Command + "inputTypes", c.Inputs.Select(t => TypeElement(Command + "inputType", t))),
        new XElement(Command + "returnValues", c.Outputs.Select(t => TypeElement(Command + "returnValue", t))),
        new XElement(Command + "examples", c.Examples.Select((e, i) => new XElement(Command + "example",
            new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
            new XElement(Dev + "code", "PS> " + e.Code),
            Paragraphs(Dev + "remarks", e.Remarks)))));

    static XElement ParameterElement(ParameterHelp p, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", p.Required ? "true" : "false"),
            new XAttribute("variableLength", p.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", p.Pipeline),
            new XAttribute("position", p.Position is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named"),
            new XAttribute("aliases", p.Aliases.Count > 0 ? string.Join(", ", p.Aliases) : "none"),
            new XElement(Maml + "name", p.Name),
            Paragraphs(Maml + "description", [p.Description]));
        if (inSyntax && p.AcceptedValues.Count > 0)
            element.Add(new XElement(Command + "parameterValueGroup",
                p.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        // A switch takes no value: the syntax line shows [-Force], not [-Force <SwitchParameter>].
        if (!inSyntax || !p.IsSwitch)
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", p.IsSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), p.TypeName));
        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", p.TypeName), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", p.DefaultValue));
        return element;
    }

    static XElement TypeElement(XName name, TypeHelp t) => new(name,
        new XElement(Dev + "type", new XElement(Maml + "name", t.TypeName)),
        Paragraphs(Maml + "description", [t.Description]));

    static XElement Paragraphs(XName name, IEnumerable<string> paragraphs) =>
        new(name, paragraphs.Select(p => new XElement(Maml + "para", p)));
}
