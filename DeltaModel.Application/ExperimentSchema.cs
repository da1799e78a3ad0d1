using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Losses;
using DeltaModel.Models;
using DeltaModel.Models.Neural;

namespace DeltaModel.Application;

/// <summary>
/// The JSON Schema of an experiment file, generated from the config records (keys, types, defaults, doc comments) and
/// the registries (physics models with their parameters, bounds and units; networks and their own keys; losses;
/// dataset formats), so that a new key or model reaches editors and the experiment builder without being written
/// twice. Published as <c>docs/experiment.schema.json</c> (a test regenerates it and compares) and referenced from the
/// shipped experiment files by a <c># yaml-language-server: $schema=</c> comment.
/// </summary>
/// <remarks>
/// Extensions beside the standard keywords, for the builder's forms (language servers ignore them):
/// <c>x-parameters</c> (a physics model's parameters: name, lower, upper, unit, description, dynamic) and
/// <c>x-alias-of</c> (a key accepted for compatibility).
/// </remarks>
public static partial class ExperimentSchema
{
    /// <summary>Where the schema is published, relative to the repository root.</summary>
    public const string PublishedPath = "docs/experiment.schema.json";

    /// <summary>The schema as indented JSON text with a final newline.</summary>
    public static string Generate() =>
        Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>The schema as a JSON object.</summary>
    public static JsonObject Build()
    {
        var docs = new DocComments();
        var root = ObjectSchema(typeof(ExperimentConfig), docs);
        root.Insert(0, "$schema", "http://json-schema.org/draft-07/schema#");
        root.Insert(1, "$id", "https://deltamodel.dev/experiment.schema.json");
        root.Insert(2, "title", "DeltaModel experiment file");
        return root;
    }

    /// <summary>The allowed values of a string key, from the registry or list that the config checks it against.</summary>
    static IReadOnlyCollection<string>? ChoicesOf(PropertyInfo p) => (p.DeclaringType!.Name, p.Name) switch
    {
        (nameof(ExperimentConfig), nameof(ExperimentConfig.Mode)) => ExperimentConfig.Modes,
        (nameof(DataConfig), nameof(DataConfig.Format)) => DatasetFormats.Names,
        (nameof(DataConfig), nameof(DataConfig.Pet)) => DataConfig.PetMethods,
        (nameof(DataConfig), nameof(DataConfig.AttributeFill)) => DataConfig.AttributeFills,
        (nameof(NeuralNetworkConfig), nameof(NeuralNetworkConfig.Name)) => NetworkRegistry.Names,
        (nameof(PhysicsConfig), nameof(PhysicsConfig.Name)) => ModelRegistry.PhysicsNames,
        (nameof(PhysicsConfig), nameof(PhysicsConfig.Backend)) => ["auto", "tensor", "fused"],
        (nameof(LossConfig), nameof(LossConfig.Name)) => LossRegistry.Names,
        (nameof(LearningRateSchedulerConfig), nameof(LearningRateSchedulerConfig.Name)) => LearningRateSchedulerConfig.Names,
        (nameof(EvaluationConfig), nameof(EvaluationConfig.NetworkPrecision)) => EvaluationConfig.NetworkPrecisions,
        (nameof(TrainConfig), nameof(TrainConfig.NetworkPrecision)) => EvaluationConfig.NetworkPrecisions,
        (nameof(ValidationConfig), nameof(ValidationConfig.Statistic)) => ValidationConfig.Statistics,
        (nameof(OutputsConfig), nameof(OutputsConfig.Formats)) => OutputsConfig.KnownFormats,
        _ => null,
    };

    static JsonObject ObjectSchema(Type type, DocComments docs)
    {
        var defaults = Activator.CreateInstance(type);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (key, property, isRequired, isAlias) in YamlBinder.KeyedPropertiesOf(type))
        {
            var schema = ValueSchema(property.PropertyType, property, docs);
            if (docs.Summary(property) is { Length: > 0 } text)
            {
                schema.Remove("description");   // a section's own summary gives way to the key's
                schema.Insert(0, "description", isAlias ? $"Alias of '{Primary(type, property)}'. {text}" : text);
            }
            if (isAlias) schema["x-alias-of"] = Primary(type, property);
            else if (Default(property, defaults) is { } value) schema["default"] = value;
            properties[key] = schema;
            if (isRequired) required.Add(key);
        }
        var result = new JsonObject { ["type"] = "object" };
        if (docs.Summary(type) is { Length: > 0 } summary) result["description"] = summary;
        result["properties"] = properties;
        if (required.Count > 0) result["required"] = required;

        var plugins = PluginBranches(type, docs);
        if (type == typeof(PhysicsConfig)) plugins.AddRange(PhysicsBranches());
        // Draft 07 cannot see keys added by if/then, so a section with plug-in keys stays open; the binder is strict.
        result["additionalProperties"] = YamlBinder.PluginKeysPropertyOf(type) is null && plugins.Count == 0 ? false : true;
        if (plugins.Count > 0) result["allOf"] = new JsonArray([.. plugins]);
        return result;
    }

    static string Primary(Type type, PropertyInfo property) =>
        YamlBinder.KeyedPropertiesOf(type).First(k => k.Property == property).Key;

    /// <summary>One <c>if name = X then these keys</c> branch per plug-in that adds keys to <paramref name="type"/>.</summary>
    static List<JsonNode> PluginBranches(Type type, DocComments docs)
    {
        if (YamlBinder.PluginKeysPropertyOf(type) is not { } property) return [];
        var selector = YamlBinder.KeyedPropertiesOf(type)
            .First(k => k.Property.Name == property.GetCustomAttribute<ConfigPluginKeysAttribute>()!.Selector).Key;
        return ModelRegistry.ConfigPlugins.Of(type).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (JsonNode)Branch(selector, p.Name, ObjectSchema(p.Keys, docs)["properties"]!.DeepClone().AsObject()))
            .ToList();
    }

    /// <summary>Per physics model: its parameters (bounds, units, meaning) and which of them may be dynamic.</summary>
    static IEnumerable<JsonNode> PhysicsBranches()
    {
        foreach (var name in ModelRegistry.PhysicsNames.Order(StringComparer.Ordinal))
        {
            var declarations = ModelRegistry.DescribePhysics(new PhysicsConfig { Name = name }).Declarations;
            var parameters = declarations.Parameters.Concat(declarations.RoutingParameters).ToList();
            var dynamic = new JsonArray([.. parameters.Where(p => p.CanBeDynamic).Select(p => (JsonNode)p.Name)]);
            var branch = Branch("name", name, new JsonObject
            {
                ["dynamic_parameters"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["enum"] = dynamic } },
            });
            branch["then"]!["x-parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["lower"] = p.Lower, ["upper"] = p.Upper, ["unit"] = p.Unit,
                ["description"] = p.Description, ["dynamic"] = p.CanBeDynamic,
            })]);
            branch["then"]!["x-forcings"] = new JsonArray([.. declarations.Forcings.Select(f => (JsonNode)f)]);
            yield return branch;
        }
    }

    static JsonObject Branch(string selector, string name, JsonObject properties) => new()
    {
        ["if"] = new JsonObject { ["properties"] = new JsonObject { [selector] = new JsonObject { ["const"] = name } }, ["required"] = new JsonArray(selector) },
        ["then"] = new JsonObject { ["properties"] = properties },
    };

    static JsonObject ValueSchema(Type type, PropertyInfo? property, DocComments docs)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            var s = new JsonObject { ["type"] = "string" };
            if (property is not null && ChoicesOf(property) is { } choices) s["enum"] = Enum(choices);
            return s;
        }
        if (target == typeof(int) || target == typeof(long)) return new JsonObject { ["type"] = "integer" };
        if (target == typeof(double)) return new JsonObject { ["type"] = "number" };
        if (target == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (target == typeof(DateOnly)) return new JsonObject { ["type"] = "string", ["format"] = "date" };
        if (target.IsAssignableTo(typeof(IReadOnlyDictionary<string, string>)))
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") } };
        if (ListElementType(target) is { } element)
        {
            var items = ValueSchema(element, null, docs);
            if (property is not null && ChoicesOf(property) is { } choices) items["enum"] = Enum(choices);
            // The binder takes a single value as a one-item list.
            return new JsonObject { ["type"] = "array", ["items"] = items };
        }
        return ObjectSchema(target, docs);
    }

    static JsonArray Enum(IEnumerable<string> values) => new([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode)v)]);

    static Type? ListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>A property's default as JSON, for scalars and lists of scalars; null where there is none to show.</summary>
    static JsonNode? Default(PropertyInfo property, object? defaults)
    {
        if (defaults is null) return null;
        return property.GetValue(defaults) switch
        {
            null => null,
            string s => s.Length == 0 ? null : s,
            bool b => b,
            int i => i,
            long l => l,
            double d => d,
            IReadOnlyList<string> list => new JsonArray([.. list.Select(v => (JsonNode)v)]),
            _ => null,
        };
    }

    /// <summary>The summaries of the XML documentation files beside the assemblies that declare the config records.</summary>
    sealed partial class DocComments
    {
        readonly Dictionary<Assembly, Dictionary<string, string>> byAssembly = [];

        public string Summary(MemberInfo member)
        {
            var id = member switch
            {
                Type t => $"T:{t.FullName}",
                PropertyInfo p => $"P:{p.DeclaringType!.FullName}.{p.Name}",
                _ => "",
            };
            var assembly = member as Type is { } type ? type.Assembly : member.DeclaringType!.Assembly;
            return Of(assembly).GetValueOrDefault(id, "");
        }

        Dictionary<string, string> Of(Assembly assembly)
        {
            if (byAssembly.TryGetValue(assembly, out var found)) return found;
            var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (File.Exists(path))
                foreach (var member in XDocument.Load(path).Descendants("member"))
                    if (member.Element("summary") is { } summary)
                        summaries[(string)member.Attribute("name")!] = Flatten(summary);
            return byAssembly[assembly] = summaries;
        }

        /// <summary>Summary text on one line: <c>&lt;c&gt;x&lt;/c&gt;</c> → x, <c>&lt;see cref="T:A.B"/&gt;</c> → B.</summary>
        static string Flatten(XElement summary)
        {
            var text = string.Concat(summary.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e =>
                    ((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? "").Split('.', ':')[^1],
                XElement e => e.Value,
                _ => "",
            }));
            return Spaces().Replace(text, " ").Trim();
        }

        [GeneratedRegex(@"\s+")]
        private static partial Regex Spaces();
    }
}
