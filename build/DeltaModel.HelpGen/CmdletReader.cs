using System.Collections;
using System.Management.Automation;
using System.Reflection;

namespace DeltaModel.HelpGen;

/// <summary>
/// Reads a cmdlet's help from its attributes (name, parameter sets, positions, pipeline binding, aliases,
/// ValidateSet values, output types) and its doc comments (the text). Whatever text is missing is added to
/// <see cref="Problems"/>, so an undocumented cmdlet or parameter fails the build instead of shipping a syntax stub.
/// </summary>
public sealed class CmdletReader(DocComments docs)
{
    const string AllSets = ParameterAttribute.AllParameterSets;

    /// <summary>Missing help text, one line each, naming the cmdlet and what it lacks.</summary>
    public List<string> Problems { get; } = [];

    public CommandHelp Read(Type type)
    {
        var cmdlet = type.GetCustomAttribute<CmdletAttribute>()
            ?? throw new ArgumentException($"{type.FullName} has no [Cmdlet] attribute.");
        var name = $"{cmdlet.VerbName}-{cmdlet.NounName}";
        var summary = docs.Summary(type);
        var synopsis = DocComments.Paragraphs(summary, "synopsis").FirstOrDefault() ?? "";
        var description = DocComments.Paragraphs(summary, "description");
        var examples = DocComments.Examples(summary);
        Require(synopsis.Length > 0, name, "a <para type=\"synopsis\">");
        Require(description.Count > 0, name, "a <para type=\"description\">");
        Require(examples.Count > 0, name, "an <example>");
        foreach (var (example, i) in examples.Select((e, i) => (e, i + 1)))
        {
            Require(example.Code.Length > 0, name, $"code in example {i}");
            Require(example.Remarks.Count > 0, name, $"a remark (<para> after the <code>) in example {i}");
        }

        var defaults = Defaults(type);
        var bindings = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttributes<ParameterAttribute>().Select(a => (Property: p, Attribute: a)))
            .ToList();
        var sets = bindings.Select(b => b.Attribute.ParameterSetName).Where(s => s != AllSets).Distinct().ToList();
        if (sets.Count == 0) sets.Add(AllSets);
        if (cmdlet.DefaultParameterSetName is { } first && sets.Remove(first)) sets.Insert(0, first);

        var common = cmdlet.SupportsShouldProcess ? ShouldProcessParameters() : [];
        var syntax = sets.Select(set => new SyntaxHelp(set, bindings
            .Where(b => b.Attribute.ParameterSetName == set || b.Attribute.ParameterSetName == AllSets)
            // The engine's order: positional by position, then mandatory, then the rest as declared.
            .OrderBy(b => b.Attribute.Position >= 0 ? b.Attribute.Position : int.MaxValue)
            .ThenBy(b => b.Attribute.Mandatory ? 0 : 1)
            .Select(b => Parameter(name, b.Property, b.Attribute, defaults))
            .Concat(common).ToList())).ToList();
        var parameters = syntax.SelectMany(s => s.Parameters).DistinctBy(p => p.Name).ToList();

        var inputs = bindings.Where(b => b.Attribute.ValueFromPipeline || b.Attribute.ValueFromPipelineByPropertyName)
            .DistinctBy(b => b.Property.Name)
            .Select(b => new TypeHelp(TypeName(b.Property.PropertyType, full: true),
                $"{(b.Attribute.ValueFromPipeline ? "" : $"By property name -{b.Property.Name}: ")}{parameters.First(p => p.Name == b.Property.Name).Description}"))
            .ToList();
        if (inputs.Count == 0) inputs.Add(new TypeHelp("None", "You cannot pipe objects to this cmdlet."));

        var outputs = Outputs(name, type, summary);
        return new CommandHelp(cmdlet.VerbName, cmdlet.NounName, synopsis, description, syntax, parameters, inputs, outputs, examples);
    }

    ParameterHelp Parameter(string cmdlet, PropertyInfo property, ParameterAttribute binding, IReadOnlyDictionary<string, string> defaults)
    {
        var description = DocComments.Text(docs.Summary(property) ?? new("summary"));
        Require(description.Length > 0, cmdlet, $"a <summary> on parameter -{property.Name}");
        var pipeline = (binding.ValueFromPipeline, binding.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return new ParameterHelp(
            property.Name,
            TypeName(type, full: false),
            type == typeof(SwitchParameter),
            binding.Mandatory,
            binding.Position >= 0 ? binding.Position : null,
            pipeline,
            property.GetCustomAttribute<SupportsWildcardsAttribute>() is not null,
            property.GetCustomAttribute<AliasAttribute>()?.AliasNames.ToList() ?? [],
            property.GetCustomAttribute<ValidateSetAttribute>()?.ValidValues.ToList() ?? [],
            defaults.GetValueOrDefault(property.Name, "None"),
            description);
    }

    /// <summary>Each [OutputType] with its meaning: a <c>&lt;para type="outputs"&gt;</c> of the cmdlet, else the type's own summary.</summary>
    List<TypeHelp> Outputs(string cmdlet, Type type, System.Xml.Linq.XElement? summary)
    {
        var overrides = DocComments.Paragraphs(summary, "outputs");
        var result = new List<TypeHelp>();
        foreach (var declared in type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type).DistinctBy(t => t.Name))
        {
            var text = overrides.FirstOrDefault(o => o.StartsWith(ShortTypeName(declared.Name) + ":", StringComparison.Ordinal)) is { } o
                ? o[(o.IndexOf(':') + 1)..].Trim()
                : declared.Type is { } t && docs.Summary(t) is { } s ? DocComments.Text(s) : "";
            Require(text.Length > 0, cmdlet, $"a description of output type {declared.Name} (<para type=\"outputs\">{ShortTypeName(declared.Name)}: …</para>)");
            result.Add(new TypeHelp(declared.Name, text));
        }
        Require(result.Count > 0, cmdlet, "an [OutputType]");
        return result;
    }

    /// <summary>The property values of a fresh instance, i.e. what an unbound parameter means, as Get-Help shows them.</summary>
    static IReadOnlyDictionary<string, string> Defaults(Type type)
    {
        object instance;
        try { instance = Activator.CreateInstance(type)!; }
        catch (TargetInvocationException) { return new Dictionary<string, string>(); }   // then every default reads "None"
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<ParameterAttribute>() is null) continue;
            var text = p.GetValue(instance) switch
            {
                null => "",
                SwitchParameter s => s.IsPresent ? "True" : "False",
                string s => s,
                IEnumerable e => string.Join(", ", e.Cast<object?>()),
                var v => v.ToString() ?? "",
            };
            values[p.Name] = text.Length == 0 ? "None" : text;
        }
        return values;
    }

    /// <summary>-WhatIf and -Confirm, which the engine adds to every cmdlet that supports ShouldProcess.</summary>
    static List<ParameterHelp> ShouldProcessParameters() =>
    [
        new("WhatIf", "SwitchParameter", true, false, null, "False", false, ["wi"], [], "False",
            "Shows what would happen if the cmdlet runs (the files it would write). The cmdlet is not run."),
        new("Confirm", "SwitchParameter", true, false, null, "False", false, ["cf"], [], "False",
            "Prompts you for confirmation before each file is written."),
    ];

    void Require(bool ok, string cmdlet, string what)
    {
        if (!ok) Problems.Add($"{cmdlet}: missing {what}");
    }

    /// <summary>Type names as Get-Help prints them: <c>String[]</c>, <c>Int32</c>; inputs use the full name.</summary>
    static string TypeName(Type type, bool full)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!, full) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner, full);
        return full ? type.FullName ?? type.Name : type.Name;
    }

    static string ShortTypeName(string name) => name[(name.LastIndexOf('.') + 1)..];
}
