using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace DeltaModel.Builder;

/// <summary>
/// The page's endpoints. Each binds its request, calls the application layer (<see cref="RunPlan"/>,
/// <see cref="ExperimentRunner"/>, <see cref="ExperimentSchema"/>) and answers JSON; paths are workspace-relative.
/// </summary>
static partial class BuilderApi
{
    static readonly Lazy<string> Schema = new(ExperimentSchema.Generate);

    public static void Map(IEndpointRouteBuilder app, WorkspaceFolder workspace, RunRegistry runs, AccessToken token)
    {
        app.MapGet("/", () => PageFile("index.html"));
        app.MapGet("/static/{name}", (string name) => PageFile(name));
        app.MapGet("/api/schema", () => Results.Text(Schema.Value, "application/schema+json"));
        app.MapGet("/api/experiments", () => Results.Json(Experiments(workspace)));
        app.MapGet("/api/file", (string? path) =>
        {
            var full = workspace.Resolve(path);
            if (!File.Exists(full)) throw BuilderException.NotFound($"no file '{path}' in the workspace.");
            return Results.Json(new { path = workspace.Relative(full), yaml = File.ReadAllText(full) });
        });
        app.MapPost("/api/check", async (HttpContext c) =>
        {
            var (path, yaml) = await Document(c, workspace);
            return Results.Json(Check(workspace, path, yaml));
        });
        app.MapPost("/api/edit", async (HttpContext c) =>
        {
            var body = await Body(c);
            var yaml = YamlTextEditor.Set(Text(body, "yaml"), Text(body, "key"), body.TryGetProperty("value", out var v) ? v : default);
            return Results.Json(new { yaml });
        });
        app.MapPost("/api/whatif", async (HttpContext c) =>
        {
            var (path, yaml) = await Document(c, workspace);
            return Results.Json(new { text = RunPlan.FromText(yaml, path).Describe() });
        });
        app.MapPost("/api/save", async (HttpContext c) =>
        {
            var (path, yaml) = await Document(c, workspace);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, yaml);
            return Results.Json(new { path = workspace.Relative(path), saved = true });
        });
        app.MapPost("/api/runs", async (HttpContext c) =>
        {
            var body = await Body(c);
            var path = workspace.Resolve(Text(body, "path"));
            bool fresh = body.TryGetProperty("fresh", out var f) && f.ValueKind == JsonValueKind.True;
            var plan = RunPlan.FromFile(path, new RunOverrides(), fresh);
            if (!workspace.IsInside(plan.Config.OutputDir))
                throw BuilderException.Forbidden($"output_dir {plan.Config.OutputDir} is outside the workspace; the builder writes only inside it.");
            var run = runs.Start(workspace.Relative(path), plan);
            return Results.Json(new { id = run.Id });
        });
        app.MapPost("/api/runs/{id}/cancel", (string id) =>
        {
            runs.Get(id).Cancel();
            return Results.Json(new { cancelled = true });
        });
        app.MapGet("/api/runs/{id}/events", (string id, HttpContext c) => RunEvents.Stream(runs.Get(id), c));
        app.MapGet("/api/results", (string? path, string? basin) =>
        {
            var full = workspace.Resolve(path);
            var output = OutputDirOf(full);
            if (!workspace.IsInside(output)) throw BuilderException.Forbidden($"output_dir {output} is outside the workspace.");
            var view = RunResultsView.Of(output, basin);
            view["output_dir"] = workspace.Relative(output);
            return Results.Json(view);
        });
        app.MapPost("/api/new", async (HttpContext c) =>
        {
            var body = await Body(c);
            var name = Text(body, "name");
            if (!ExperimentName().IsMatch(name)) throw BuilderException.BadRequest($"name '{name}': use letters, digits, '-' and '_' only.");
            var template = workspace.Resolve(Text(body, "template"));
            if (!File.Exists(template)) throw BuilderException.NotFound($"no template '{Text(body, "template")}'.");
            // Beside the template's folder, so that its relative data paths still hold.
            var target = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(template)!)!, name, "experiment.yaml");
            workspace.Resolve(workspace.Relative(target));
            if (File.Exists(target)) throw BuilderException.Conflict($"{workspace.Relative(target)} exists already.");
            var yaml = YamlTextEditor.Set(File.ReadAllText(template), "name", JsonSerializer.SerializeToElement(name));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.WriteAllText(target, yaml);
            return Results.Json(new { path = workspace.Relative(target) });
        });
    }

    /// <summary>The status and message of a refused or failed request: never a stack trace.</summary>
    public static (int Status, string Message) Describe(Exception e) => e switch
    {
        BuilderException b => (b.Status, b.Message),
        ConfigException c => (StatusCodes.Status422UnprocessableEntity, string.Join("\n", c.Problems)),
        RunInputException r => (StatusCodes.Status422UnprocessableEntity, r.Message),
        DeltaModel.Core.Data.DataException d => (StatusCodes.Status422UnprocessableEntity, d.Message),
        JsonException or BadHttpRequestException => (StatusCodes.Status400BadRequest, $"the request is not the JSON this endpoint expects: {e.Message}"),
        IOException or UnauthorizedAccessException or InvalidDataException => (StatusCodes.Status500InternalServerError, e.Message),
        _ => (StatusCodes.Status500InternalServerError, $"the builder failed: {e.Message}"),
    };

    /// <summary>The errors the runner would give for this text, each with its line, and the text as JSON for the form.</summary>
    static object Check(WorkspaceFolder workspace, string path, string yaml)
    {
        var tree = YamlTextEditor.ToJson(yaml);
        try
        {
            ExperimentConfig.Parse(yaml, path, ModelRegistry.ConfigPlugins);
            return new { valid = true, errors = Array.Empty<object>(), tree };
        }
        catch (ConfigException e)
        {
            var errors = e.Problems.Select(p => ErrorLine().Match(p) is { Success: true } m
                ? new { line = (int?)int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), message = m.Groups[3].Value }
                : new { line = (int?)null, message = p.Replace(path, workspace.Relative(path)) }).ToList();
            return new { valid = false, errors, tree };
        }
    }

    [GeneratedRegex(@"^(.*?):(\d+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ExperimentName();

    /// <summary>The experiment files of the workspace (YAML files with a top-level <c>data:</c> key) and their last results.</summary>
    static List<object> Experiments(WorkspaceFolder workspace)
    {
        var skip = new HashSet<string>(StringComparer.Ordinal) { "out", "bin", "obj", "node_modules", "artifacts", "TestResults" };
        var found = new List<object>();
        void Walk(string folder, int depth)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) == RunFolder.ConfigFileName || !File.ReadLines(file).Any(l => l.StartsWith("data:", StringComparison.Ordinal))) continue;
                var results = new RunFolder(OutputDirOf(file)).Results;
                found.Add(new
                {
                    path = workspace.Relative(file),
                    results = File.Exists(results) ? JsonNode.Parse(File.ReadAllText(results)) : null,
                });
            }
            if (depth == 0) return;
            foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(sub);
                if (name.StartsWith('.') || skip.Contains(name) || new DirectoryInfo(sub).LinkTarget is not null) continue;
                Walk(sub, depth - 1);
            }
        }
        Walk(workspace.Root, 3);
        return found;
    }

    /// <summary>The output folder an experiment file names (bound without the data checks: a run's outputs are shown even where its data are not here).</summary>
    static string OutputDirOf(string experiment)
    {
        try
        {
            return YamlBinder.BindFile<ExperimentConfig>(experiment, plugins: ModelRegistry.ConfigPlugins).Value.OutputDir;
        }
        catch (ConfigException)
        {
            return Path.Combine(Path.GetDirectoryName(experiment)!, "out");
        }
    }

    static async Task<(string Path, string Yaml)> Document(HttpContext c, WorkspaceFolder workspace) => Document(await Body(c), workspace);

    /// <summary>The experiment file (workspace-relative <c>path</c>, a .yaml) and the page's text of it (<c>yaml</c>).</summary>
    static (string Path, string Yaml) Document(JsonElement body, WorkspaceFolder workspace)
    {
        var path = workspace.Resolve(Text(body, "path"));
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            throw BuilderException.BadRequest($"'{Text(body, "path")}' is not a .yaml file.");
        return (path, Text(body, "yaml"));
    }

    static async Task<JsonElement> Body(HttpContext c) =>
        await c.Request.ReadFromJsonAsync<JsonElement>() is { ValueKind: JsonValueKind.Object } body
            ? body
            : throw BuilderException.BadRequest("expected a JSON object.");

    static string Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw BuilderException.BadRequest($"the request needs '{name}' (text).");

    /// <summary>A file of the page, embedded in the assembly (no CDN, no files beside the executable).</summary>
    static IResult PageFile(string name)
    {
        var stream = typeof(BuilderApi).Assembly.GetManifestResourceStream($"wwwroot/{name}");
        if (stream is null) return Results.Json(new { error = $"no page file '{name}'." }, statusCode: StatusCodes.Status404NotFound);
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }
}
