using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Core.Configuration;

/// <summary>
/// Binds a YAML document to immutable config records, strictly: every key must name a property (snake_case of the
/// property name, or its <see cref="ConfigKeyAttribute"/>), values must parse as the property's type, and
/// <c>required</c> properties must be present. All problems are collected with file and line before anything is
/// thrown, so a user fixes the whole file in one go.
/// </summary>
public static class YamlBinder
{
    /// <summary>
    /// Binds <paramref name="yamlPath"/> to <typeparamref name="T"/>. Schema problems are returned in
    /// <see cref="BindResult{T}.Errors"/> (not thrown) so the caller can add its own validation to the same report.
    /// </summary>
    /// <exception cref="ConfigException">The file is missing or is not YAML.</exception>
    /// <param name="overrides">Values set from outside the file, e.g. <c>("train.epochs", "3")</c>; the value is parsed as
    /// YAML (so <c>[a, b]</c> is a list). They replace or add keys before binding and are checked like the rest.</param>
    /// <param name="plugins">The records of the keys plug-ins add to sections (<see cref="ConfigPluginKeysAttribute"/>); null = none.</param>
    /// <param name="origin">Who wrote the file; a run's own record is read with the allowances of <see cref="ConfigOrigin.SavedRun"/>.</param>
    public static BindResult<T> BindFile<T>(string yamlPath, IReadOnlyList<(string Path, string Value)>? overrides = null,
        ConfigPlugins? plugins = null, ConfigOrigin origin = ConfigOrigin.UserFile) where T : class
    {
        var full = Path.GetFullPath(yamlPath);
        if (!File.Exists(full)) throw new ConfigException(full, [$"{full}: file not found."]);
        return Bind<T>(File.ReadAllText(full), full, Path.GetDirectoryName(full)!, overrides, plugins, origin);
    }

    /// <summary>Binds YAML text; relative <see cref="ConfigPathAttribute"/> paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static BindResult<T> Bind<T>(string yaml, string sourceName, string baseDirectory,
        IReadOnlyList<(string Path, string Value)>? overrides = null, ConfigPlugins? plugins = null,
        ConfigOrigin origin = ConfigOrigin.UserFile)
        where T : class
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException(sourceName, [$"{sourceName}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}"]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections (e.g. "a: [1, 2" then another key).
            throw new ConfigException(sourceName, [$"{sourceName}: not valid YAML (an unclosed [ or {{?): {e.Message}"]);
        }

        var lines = new Dictionary<string, int>();
        var errors = new ConfigErrors(sourceName, lines);
        var context = new Context(errors, lines, baseDirectory, plugins ?? ConfigPlugins.None, origin == ConfigOrigin.SavedRun);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.AddAtLine(1, "expected a mapping of keys (e.g. 'name: my-experiment') at the top level.");
            errors.ThrowIfAny();
            throw new System.Diagnostics.UnreachableException();
        }
        foreach (var (path, text) in overrides ?? [])
            ApplyOverride(root, path, text, sourceName);
        var value = (T)BindObject(typeof(T), root, "", context);
        return new BindResult<T>(value, lines, errors);
    }

    /// <summary>Sets <paramref name="dottedPath"/> to <paramref name="text"/> (parsed as YAML), creating mappings on the way.</summary>
    static void ApplyOverride(YamlMappingNode root, string dottedPath, string text, string sourceName)
    {
        var keys = dottedPath.Split('.', StringSplitOptions.TrimEntries);
        if (keys.Any(k => k.Length == 0))
            throw new ConfigException(sourceName, [$"override '{dottedPath}={text}': expected a dotted key such as train.epochs."]);
        YamlNode value;
        try
        {
            var doc = new YamlStream();
            doc.Load(new StringReader($"v: {text}"));
            value = ((YamlMappingNode)doc.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        }
        catch (YamlException e)
        {
            throw new ConfigException(sourceName, [$"override '{dottedPath}={text}': not a valid YAML value ({e.Message})."]);
        }
        var node = root;
        for (int i = 0; i < keys.Length - 1; i++)
        {
            var key = new YamlScalarNode(keys[i]);
            if (!node.Children.TryGetValue(key, out var child) || child is not YamlMappingNode map)
            {
                map = new YamlMappingNode();
                node.Children[key] = map;
            }
            node = map;
        }
        node.Children[new YamlScalarNode(keys[^1])] = value;
    }

    /// <summary>What <see cref="Bind{T}"/> produced: the value, the 1-based line of every key path, and the problems found.</summary>
    public sealed record BindResult<T>(T Value, IReadOnlyDictionary<string, int> Lines, ConfigErrors Errors);

    /// <param name="SavedRun">The file is a run's own record (<see cref="ConfigOrigin.SavedRun"/>): its allowances apply.</param>
    sealed record Context(ConfigErrors Errors, Dictionary<string, int> Lines, string BaseDirectory, ConfigPlugins Plugins, bool SavedRun);

    sealed record Member(PropertyInfo Property, string Key, bool Required, bool IsPath);

    /// <summary>
    /// The YAML keys of a config type with the property each binds, whether it is required, and whether it is an alias
    /// (a second key of a property listed before it); for tools that describe the schema, such as its JSON Schema.
    /// </summary>
    public static IReadOnlyList<(string Key, PropertyInfo Property, bool Required, bool IsAlias)> KeyedPropertiesOf(Type type)
    {
        var seen = new HashSet<PropertyInfo>();
        return Members(type).Select(m => (m.Key, m.Property, m.Required, !seen.Add(m.Property))).ToList();
    }

    /// <summary>The property of a section that holds its plug-in's keys (<see cref="ConfigPluginKeysAttribute"/>), if it has one.</summary>
    public static PropertyInfo? PluginKeysPropertyOf(Type type) => PluginKeysOf(type);

    /// <summary>The YAML keys of a config type, by key and alias.</summary>
    public static IReadOnlyList<string> KeysOf(Type type) => Members(type).Select(m => m.Key).Distinct().ToList();

    /// <summary>Writes <paramref name="value"/> back as YAML with the same keys the binder reads (first key of each property).</summary>
    /// <param name="omitKeys">Keys to leave out, top-level or dotted (<c>train.network_precision</c>), e.g. sections
    /// that do not shape a trained model.</param>
    public static string Write(object value, IReadOnlySet<string>? omitKeys = null)
    {
        var root = ToNode(value);
        foreach (var key in omitKeys ?? new HashSet<string>())
        {
            var path = key.Split('.');
            var map = root as YamlMappingNode;
            foreach (var section in path[..^1])
                map = map is not null && map.Children.TryGetValue(new YamlScalarNode(section), out var child) ? child as YamlMappingNode : null;
            map?.Children.Remove(new YamlScalarNode(path[^1]));
        }
        var stream = new YamlStream(new YamlDocument(root));
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n");
    }

    static YamlNode ToNode(object? value) => value switch
    {
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        string s => new YamlScalarNode(s) { Style = NeedsQuotes(s) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain },
        bool b => new YamlScalarNode(b ? "true" : "false"),
        DateOnly d => new YamlScalarNode(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        double x => new YamlScalarNode(x.ToString("R", CultureInfo.InvariantCulture)),
        IFormattable f when value.GetType().IsPrimitive => new YamlScalarNode(f.ToString(null, CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, string> dict => new YamlMappingNode(dict.Select(kv =>
            new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), ToNode(kv.Value)))),
        IEnumerable e => new YamlSequenceNode(e.Cast<object?>().Select(ToNode)),
        _ => new YamlMappingNode(Members(value.GetType()).DistinctBy(m => m.Property)
                .Where(m => m.Property.GetValue(value) is not null || m.Property.GetCustomAttribute<ConfigOmitWhenNullAttribute>() is null)
                .Select(m =>
                new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(m.Key), ToNode(m.Property.GetValue(value))))
            .Concat(PluginKeysOf(value.GetType())?.GetValue(value) is { } keys ? ((YamlMappingNode)ToNode(keys)).Children : [])),
    };

    /// <summary>The property holding the keys a section's plug-in adds (written at the section's level), if it has one.</summary>
    static PropertyInfo? PluginKeysOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SingleOrDefault(p => p.GetCustomAttribute<ConfigPluginKeysAttribute>() is not null);

    static bool NeedsQuotes(string s) =>
        s.Length == 0 || s is "null" or "~" or "true" or "false" or "yes" or "no"
        || s.IndexOfAny([':', '#', '[', ']', '{', '}', ',', '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0
        || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]);

    static List<Member> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<ConfigIgnoreAttribute>() is null
                        && p.GetCustomAttribute<ConfigPluginKeysAttribute>() is null)
            .SelectMany(p =>
            {
                var attr = p.GetCustomAttribute<ConfigKeyAttribute>();
                bool required = p.GetCustomAttribute<RequiredMemberAttribute>() is not null;
                bool isPath = p.GetCustomAttribute<ConfigPathAttribute>() is not null;
                var keys = new List<string> { attr?.Key ?? Names.ToSnakeCase(p.Name) };
                if (attr is not null) keys.AddRange(attr.Aliases);
                return keys.Select((k, i) => new Member(p, k, required && i == 0, isPath));
            })
            .ToList();

    static object BindObject(Type type, YamlMappingNode node, string prefix, Context ctx)
    {
        var instance = Activator.CreateInstance(type)
                       ?? throw new InvalidOperationException($"cannot create config type {type.Name}");
        var members = Members(type);
        var byKey = members.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var seen = new HashSet<PropertyInfo>();
        var pluginKeys = PluginKeysOf(type);
        var undeclared = new YamlMappingNode();

        foreach (var (keyNode, valueNode) in node.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            ctx.Lines.TryAdd(path, (int)keyNode.Start.Line);
            if (!byKey.TryGetValue(key, out var member))
            {
                if (pluginKeys is not null) undeclared.Add(keyNode, valueNode); // the plug-in's, once its name is known
                else ctx.Errors.Add(path, UnknownKey(path, key, members.Select(m => m.Key)));
                continue;
            }
            if (!seen.Add(member.Property))
            {
                ctx.Errors.Add(path, $"'{path}' is given twice (directly or through an alias).");
                continue;
            }
            if (BindValue(member.Property.PropertyType, valueNode, path, ctx, out var value))
                member.Property.SetValue(instance, value);
        }

        // Paths resolve against the file's folder, defaults included (e.g. output_dir: out).
        foreach (var m in members.Where(m => m.IsPath).DistinctBy(m => m.Property))
            switch (m.Property.GetValue(instance))
            {
                case string { Length: > 0 } p:
                    m.Property.SetValue(instance, Path.GetFullPath(Path.Combine(ctx.BaseDirectory, p)));
                    break;
                case IReadOnlyList<string> paths:   // a list of paths (plugins): each resolved alike
                    m.Property.SetValue(instance, paths.Select(p => p.Length > 0 ? Path.GetFullPath(Path.Combine(ctx.BaseDirectory, p)) : p).ToList());
                    break;
            }

        foreach (var m in members.Where(m => m.Required && !seen.Contains(m.Property)))
        {
            string path = prefix.Length == 0 ? m.Key : $"{prefix}.{m.Key}";
            ctx.Errors.Add(prefix, $"missing required key '{path}'.");
        }
        if (pluginKeys is not null) BindPluginKeys(type, instance, pluginKeys, undeclared, members, prefix, ctx);
        return instance;
    }

    static string UnknownKey(string path, string key, IEnumerable<string> known) =>
        $"unknown key '{path}'{Names.DidYouMean(key, known)}. Known keys here: {string.Join(", ", known.Distinct())}.";

    /// <summary>
    /// Binds the keys <paramref name="section"/> does not declare to the record of the plug-in its selector names (its
    /// defaults when none is given); a key of another plug-in of the same section is an error that says whose it is.
    /// </summary>
    static void BindPluginKeys(Type type, object section, PropertyInfo property, YamlMappingNode undeclared,
        List<Member> members, string prefix, Context ctx)
    {
        var selector = property.GetCustomAttribute<ConfigPluginKeysAttribute>()!.Selector;
        var name = type.GetProperty(selector)?.GetValue(section) as string;
        var keysType = ctx.Plugins.KeysOf(type, name);
        var own = keysType is null ? [] : Members(keysType).Select(m => m.Key).ToList();
        var known = members.Select(m => m.Key).Concat(own).ToList();
        var accepted = new YamlMappingNode();
        foreach (var (keyNode, valueNode) in undeclared.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (own.Contains(key)) { accepted.Add(keyNode, valueNode); continue; }
            var owners = ctx.Plugins.Of(type).Where(p => Members(p.Keys).Any(m => m.Key == key)).Select(p => $"'{p.Name}'").ToList();
            if (owners.Count > 0 && ctx.SavedRun) continue; // written by an earlier version for every plug-in; no effect on this one
            ctx.Errors.Add(path, owners.Count > 0
                ? $"'{path}' applies to {Names.ToSnakeCase(selector)} {string.Join(" or ", owners)} only; this section's {Names.ToSnakeCase(selector)} is '{name}'."
                : UnknownKey(path, key, known));
        }
        if (keysType is not null) property.SetValue(section, BindObject(keysType, accepted, prefix, ctx));
    }

    static bool BindValue(Type type, YamlNode node, string path, Context ctx, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        bool nullable = underlying is not null || !type.IsValueType;
        var target = underlying ?? type;

        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && s.Value is null or "~" or "null" or "")
        {
            if (nullable) return true;
            if (ctx.SavedRun) return false; // an earlier version's "null = the default": the property keeps its default
            ctx.Errors.Expected(path, Describe(target), null);
            return false;
        }

        if (target == typeof(string)) return Scalar(node, path, ctx, "text", t => t, out value);
        if (target == typeof(int)) return Scalar(node, path, ctx, "an integer", t => int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture), out value);
        if (target == typeof(long)) return Scalar(node, path, ctx, "an integer", t => long.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture), out value);
        if (target == typeof(double)) return Scalar(node, path, ctx, "a number", t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture), out value);
        if (target == typeof(bool)) return Scalar(node, path, ctx, "true or false", ParseBool, out value);
        if (target == typeof(DateOnly)) return Scalar(node, path, ctx, "a date YYYY-MM-DD", ParseDate, out value);

        if (IsStringDictionary(target))
        {
            if (node is not YamlMappingNode map) { ctx.Errors.Expected(path, "a mapping of names to values", Text(node)); return false; }
            var dict = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                string key = (k as YamlScalarNode)?.Value ?? "";
                ctx.Lines.TryAdd($"{path}.{key}", (int)k.Start.Line);
                if (v is YamlScalarNode vs) dict[key] = vs.Value ?? "";
                else ctx.Errors.Expected($"{path}.{key}", "a single value", Text(v));
            }
            value = dict;
            return true;
        }

        if (ListElementType(target) is { } element)
        {
            var items = node switch
            {
                YamlSequenceNode seq => seq.Children.ToList(),
                _ when element != typeof(string) && !IsScalarType(element) && node is YamlMappingNode => [node], // one item
                YamlScalarNode => [node],                                                                     // one item
                _ => null,
            };
            if (items is null) { ctx.Errors.Expected(path, $"a list of {Describe(element)}", Text(node)); return false; }
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            bool ok = true;
            for (int i = 0; i < items.Count; i++)
            {
                if (BindValue(element, items[i], $"{path}[{i}]", ctx, out var item)) list.Add(item);
                else ok = false;
            }
            value = list;
            return ok;
        }

        if (target.IsClass)
        {
            if (node is not YamlMappingNode map) { ctx.Errors.Expected(path, "a mapping of keys", Text(node)); return false; }
            value = BindObject(target, map, path, ctx);
            return true;
        }
        throw new NotSupportedException($"config property type {type} at '{path}' is not supported by the binder.");
    }

    static bool Scalar(YamlNode node, string path, Context ctx, string expectation, Func<string, object> parse, out object? value)
    {
        value = null;
        if (node is not YamlScalarNode { Value: { } text })
        {
            ctx.Errors.Expected(path, expectation, Text(node));
            return false;
        }
        try
        {
            value = parse(text.Trim());
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            ctx.Errors.Expected(path, expectation, text);
            return false;
        }
    }

    static object ParseBool(string t) => t.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw new FormatException(),
    };

    static object ParseDate(string t) =>
        DateOnly.ParseExact(t.Replace('/', '-'), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    static bool IsScalarType(Type t) =>
        t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool) || t == typeof(DateOnly);

    static bool IsStringDictionary(Type t) =>
        t == typeof(IReadOnlyDictionary<string, string>) || t == typeof(Dictionary<string, string>) || t == typeof(IDictionary<string, string>);

    static Type? ListElementType(Type t)
    {
        if (t.IsArray) return t.GetElementType();
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        return def == typeof(IReadOnlyList<>) || def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>)
            ? t.GetGenericArguments()[0]
            : null;
    }

    static string Describe(Type t) =>
        t == typeof(int) || t == typeof(long) ? "an integer" :
        t == typeof(double) ? "a number" :
        t == typeof(bool) ? "true or false" :
        t == typeof(DateOnly) ? "a date YYYY-MM-DD" :
        t == typeof(string) ? "text" : "a value";

    static string Text(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.ToString(),
    };
}
