using System.Collections.Concurrent;
using System.Text.Json;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Outputs;
using DeltaModel.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace DeltaModel.Builder;

/// <summary>
/// The basin picker's endpoints: the basins of the dataset an experiment names (<see cref="BasinCatalog"/>), and the
/// selection written to the experiment's basin file. The selection written to <c>data.basins</c> is an ordinary edit.
/// </summary>
static partial class BuilderApi
{
    public static void MapBasins(IEndpointRouteBuilder app, WorkspaceFolder workspace, DataRoots dataRoots)
    {
        // A dataset's basin list is read once per start (a few seconds for hundreds of basins), not on every visit.
        var catalogs = new ConcurrentDictionary<(string, string, string, string?), Lazy<IReadOnlyList<BasinCatalog.Entry>>>();

        app.MapPost("/api/basins", async (HttpContext c) =>
        {
            var (path, yaml) = await Document(c, workspace);
            var data = DataSection(path, yaml);
            var folder = dataRoots.Check(Path.GetFullPath(data.Path), "data.path");
            if (data.AttributesPath is { } attributes) dataRoots.Check(Path.GetFullPath(attributes), "data.attributes_path");
            var key = (RealFolder(folder), data.Format, data.ForcingSource, data.AttributesPath);
            var lazy = catalogs.GetOrAdd(key, _ => new(() => BasinCatalog.Of(folder, data.Format, data.ForcingSource, data.AttributesPath)));
            IReadOnlyList<BasinCatalog.Entry> basins;
            try
            {
                basins = lazy.Value;
            }
            catch (DataException)
            {
                catalogs.TryRemove(key, out _);   // the folder may be fixed and asked again
                throw;
            }
            return Results.Json(new
            {
                folder = workspace.Holds(folder) ? workspace.Relative(folder) : folder,
                format = data.Format,
                basins = basins.Select(b => new { id = b.Id, name = b.Name, lat = Finite(b.Latitude), lon = Finite(b.Longitude), area = Finite(b.AreaKm2) }),
                selected = Selected(data, workspace),
                basin_file = data.BasinFile is { } file && workspace.Holds(Path.GetFullPath(file)) ? workspace.Relative(Path.GetFullPath(file)) : data.BasinFile,
            });
        });

        app.MapPost("/api/basin-file", async (HttpContext c) =>
        {
            var body = await Body(c);
            var (path, yaml) = Document(body, workspace);
            var file = DataSection(path, yaml).BasinFile
                ?? throw BuilderException.BadRequest("this experiment has no data.basin_file; the selection goes to data.basins instead.");
            var full = workspace.Resolve(workspace.Relative(Path.GetFullPath(file)));
            var ids = body.TryGetProperty("basins", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                : throw BuilderException.BadRequest("the request needs 'basins' (a list of gauge ids).");
            var selection = BasinSelection.FromIds(ids);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            AtomicFile.WriteAllText(full, string.Join("\n", selection.Ids) + "\n");
            return Results.Json(new { path = workspace.Relative(full), count = selection.Count });
        });
    }

    /// <summary>
    /// The data section of the page's text, bound by the runner's binder (paths resolved against the experiment's
    /// folder), without the checks the rest of the file must pass: a basin list helps while other keys are still wrong.
    /// </summary>
    static DataConfig DataSection(string path, string yaml)
    {
        var data = YamlBinder.Bind<ExperimentConfig>(yaml, path, Path.GetDirectoryName(path)!, plugins: ModelRegistry.ConfigPlugins).Value?.Data;
        return data is { Path.Length: > 0 } ? data : throw BuilderException.Unprocessable("set data.path (the dataset folder) first: the basins are listed from it.");
    }

    /// <summary>The basins the experiment selects now: <c>data.basins</c>, its basin file's, or null (= every basin).</summary>
    static IReadOnlyList<string>? Selected(DataConfig data, WorkspaceFolder workspace)
    {
        if (data.Basins.Count > 0) return data.Basins;
        if (data.BasinFile is { } file && workspace.Holds(Path.GetFullPath(file)) && File.Exists(file))
            return BasinSelection.FromFile(file).Ids;
        return null;
    }

    static string RealFolder(string folder) => new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder;

    static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
