using System.CommandLine;
using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Models;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel models [name] [--markdown] [--out file]</c>: the registered physics models (one line each), one
/// model's parameter table, or the whole catalog as Markdown (docs/models.md is generated this way).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "A physics model (config name); omit to list all.", Arity = ArgumentArity.ZeroOrOne };
        var markdown = new Option<bool>("--markdown") { Description = "Print the whole catalog as Markdown (docs/models.md)." };
        var output = new Option<string?>("--out") { Description = "Write to this file (atomically) instead of the console." };
        var command = new Command("models", "List the registered physics models, or show one model's parameters, bounds and outputs.")
        {
            name, markdown, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var text = parse.GetValue(markdown) ? ModelCatalog.Markdown() : Text(parse.GetValue(name));
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.WriteAllText(Path.GetFullPath(file), text);
                Console.WriteLine($"wrote {Path.GetFullPath(file)}");
            }
            else Console.Write(text);
            return 0;
        }));
        return command;
    }

    static string Text(string? name)
    {
        var entries = ModelCatalog.Entries();
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        if (name is null)
        {
            writer.WriteLine($"{"model",-16} {"config names",-24} {"params",6} {"routing",7}  forcings");
            foreach (var e in entries)
                writer.WriteLine($"{e.Name,-16} {string.Join(",", e.RegistryNames),-24} {e.Model.Declarations.Parameters.Count,6} {e.Model.Declarations.RoutingParameters.Count,7}  {string.Join(", ", e.Model.Declarations.Forcings)}");
            writer.WriteLine("details: deltamodel models <name>");
            return writer.ToString();
        }
        var entry = entries.FirstOrDefault(e => e.RegistryNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown physics model '{name}'{Names.DidYouMean(name, ModelRegistry.PhysicsNames)}; available: {string.Join(", ", ModelRegistry.PhysicsNames)}.");
        var m = entry.Model;
        writer.WriteLine($"{entry.Name} (config names {string.Join(", ", entry.RegistryNames)})");
        writer.WriteLine($"forcings    {string.Join(", ", m.Declarations.Forcings)}");
        if (m.Declarations.Attributes.Count > 0) writer.WriteLine($"attributes  {string.Join(", ", m.Declarations.Attributes)}");
        writer.WriteLine($"stores      {string.Join(", ", m.Declarations.StoreNames)}");
        writer.WriteLine($"outputs     {string.Join(", ", m.Declarations.OutputNames.Concat(m.Declarations.ScalarNames))}");
        writer.WriteLine($"{"parameter",-12} {"lower",8} {"upper",8} {"unit",-9} {"dynamic",-7}  meaning");
        foreach (var p in m.Declarations.Parameters.Concat(m.Declarations.RoutingParameters))
            writer.WriteLine($"{p.Name,-12} {p.Lower,8:G6} {p.Upper,8:G6} {p.Unit,-9} {(p.CanBeDynamic ? "yes" : "no"),-7}  {p.Description}");
        return writer.ToString();
    }
}
