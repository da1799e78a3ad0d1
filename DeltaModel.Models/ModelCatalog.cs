using System.Globalization;
using System.Text;
using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models;

/// <summary>One registered physics model as built with default options, and the registry names that build it.</summary>
/// <param name="Name">The model's own name (<see cref="IPhysicsModel.Name"/>).</param>
/// <param name="RegistryNames">Every config name that builds it (the model's name and its aliases), sorted.</param>
/// <param name="Model">The model with default options: what a config that only names it gets.</param>
public sealed record CatalogEntry(string Name, IReadOnlyList<string> RegistryNames, IPhysicsModel Model);

/// <summary>
/// The physics models the registry knows, described from the models themselves (parameters, bounds, units, forcings,
/// attributes, stores, outputs), so docs/models.md and <c>deltamodel models</c> cannot drift from the code: the
/// committed file is compared with <see cref="Markdown"/> by a test.
/// </summary>
public static class ModelCatalog
{
    /// <summary>The command that regenerates docs/models.md (quoted in the file and in the test's failure message).</summary>
    public const string RegenerateCommand = "dotnet run --project DeltaModel.Cli -c Release -- models --markdown --out docs/models.md";

    /// <summary>Registered models, aliases grouped, in registration order of their first name.</summary>
    /// <param name="includePlugins">Also list the models plug-ins registered (docs/models.md lists the built-in ones only).</param>
    public static IReadOnlyList<CatalogEntry> Entries(bool includePlugins = false)
    {
        var byModel = new Dictionary<string, (List<string> Names, IPhysicsModel Model)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var name in ModelRegistry.PhysicsNames.Where(n => includePlugins || ModelRegistry.BuiltInPhysicsNames.Contains(n)))
        {
            var model = ModelRegistry.CreatePhysics(name, new PhysicsConfig());
            if (!byModel.TryGetValue(model.Name, out var entry))
            {
                byModel[model.Name] = entry = ([], model);
                order.Add(model.Name);
            }
            entry.Names.Add(name);
        }
        return order.Select(n => new CatalogEntry(n, byModel[n].Names.Order(StringComparer.Ordinal).ToList(), byModel[n].Model)).ToList();
    }

    /// <summary>The catalog as a Markdown document (docs/models.md), with <c>\n</c> line ends.</summary>
    public static string Markdown()
    {
        var entries = Entries();
        var md = new StringBuilder();
        md.Append("# Physics model catalog\n\n");
        md.Append("Generated from the model registry (`DeltaModel.Models/ModelRegistry.cs`) by\n");
        md.Append($"`{RegenerateCommand}`; do not edit by hand: a test fails when this file\n");
        md.Append("and the code disagree. Each model is shown as a config that only names it builds it (default options: one\n");
        md.Append("component, no dynamic parameters, routing on where the model routes). Equations, references and deviations:\n");
        md.Append("[physics-models.md](physics-models.md).\n\n");

        md.Append("| model | config names | parameters | routing parameters | forcings | attributes | stores | outputs |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var e in entries)
        {
            var m = e.Model;
            md.Append($"| [{e.Name}](#{e.Name}) | {Code(e.RegistryNames)} | {m.Declarations.Parameters.Count} | {m.Declarations.RoutingParameters.Count} | ")
              .Append($"{Code(m.Declarations.Forcings)} | {(m.Declarations.Attributes.Count == 0 ? "none" : Code(m.Declarations.Attributes))} | {m.Declarations.StoreNames.Count} | {m.Declarations.OutputNames.Count + m.Declarations.ScalarNames.Count} |\n");
        }

        foreach (var e in entries)
        {
            var m = e.Model;
            md.Append($"\n## {e.Name}\n\n");
            md.Append($"Config names: {Code(e.RegistryNames)}. Forcings: {Code(m.Declarations.Forcings)}")
              .Append(m.Declarations.Attributes.Count == 0 ? ". " : $". Attributes: {Code(m.Declarations.Attributes)}. ")
              .Append(m.WarmUpWithoutGradient ? "Warm-up: spin-up without gradient.\n\n" : "Warm-up: with gradient, cropped.\n\n");
            md.Append("| parameter | lower | upper | unit | may be dynamic | meaning |\n|---|---|---|---|---|---|\n");
            foreach (var p in m.Declarations.Parameters.Concat(m.Declarations.RoutingParameters))
                md.Append($"| {p.Name} | {Number(p.Lower)} | {Number(p.Upper)} | {p.Unit} | {(p.CanBeDynamic ? "yes" : "no")} | {p.Description} |\n");
            md.Append($"\nStores: {(m.Declarations.Stores.Count == 0 ? "none (each step stands alone)" : Code(m.Declarations.StoreNames))}.\n\n");
            md.Append($"Outputs: {Code(m.Declarations.OutputNames)}")
              .Append(m.Declarations.ScalarNames.Count == 0 ? ".\n" : $"; per basin: {Code(m.Declarations.ScalarNames)}.\n");
        }
        return md.ToString();
    }

    static string Code(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"`{n}`"));

    static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
