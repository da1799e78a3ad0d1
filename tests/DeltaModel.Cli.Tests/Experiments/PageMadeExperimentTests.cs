using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DeltaModel.Builder;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// The experiment builder's promise (docs/gui.md, issue 20): a file made on the page runs unchanged with
/// <c>deltamodel run</c> and with <c>dotnet msbuild Experiments.proj -t:Reproduce -p:Experiment=&lt;it&gt;</c>. The file is
/// made through the server API the page uses — a new file, one form edit per key, the check, the save — and then run
/// both ways by the test build's real runner (1 epoch of 3 minibatches on 2 sample basins).
/// </summary>
public sealed class PageMadeExperimentTests
{
    const string Name = "page-made";

    [SkippableFact]
    public async Task A_page_made_experiment_runs_unchanged_with_deltamodel_run_and_with_Experiments_proj()
    {
        Skip.If(OperatingSystem.IsWindows(), "Experiments.proj's runner command line is tested on Linux and macOS");
        using var ws = new ExperimentsWorkspace { RunnerCommand = ExperimentsWorkspace.RealRunner, Timeout = TimeSpan.FromMinutes(4) };
        var sample = Path.Combine(ExperimentsWorkspace.RepoRoot, "data", "camels-sample");
        await using var server = await BuilderServer.Start(new BuilderOptions { Workspace = ws.Root, DataRoots = [sample] });
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add(AccessToken.Header, server.Token.Value);
        var path = $"experiments/{Name}/experiment.yaml";

        // What the form sends, key by key, starting from an empty file.
        var yaml = "# Made in the experiment builder.\n";
        var edits = new (string Key, object Value)[]
        {
            ("name", Name), ("data.path", sample), ("data.basins", new[] { "01013500", "01022500" }),
            ("model.warm_up", 60), ("model.rho", 60), ("model.nn.hidden_size", 8),
            ("model.nn.forcings", new[] { "prcp", "tmean", "pet" }), ("model.nn.attributes", new[] { "p_mean", "aridity", "frac_snow" }),
            ("model.physics.name", "hbv"), ("model.physics.nmul", 2), ("model.physics.dynamic_parameters", new[] { "parBETA" }),
            ("train.period.start", "2000-10-01"), ("train.period.end", "2002-09-30"), ("train.epochs", 1), ("train.batch_size", 2),
            ("train.iterations_per_epoch", 3), ("test.period.start", "2012-10-01"), ("test.period.end", "2013-09-30"),
        };
        foreach (var (key, value) in edits)
            yaml = (await Post("/api/edit", new { yaml, key, value })).GetProperty("yaml").GetString()!;
        var check = await Post("/api/check", new { path, yaml });
        Assert.True(check.GetProperty("valid").GetBoolean(), check.GetProperty("errors").ToString());
        await Post("/api/save", new { path, yaml });
        var file = Path.Combine(ws.Root, path);
        Assert.Equal(yaml, File.ReadAllText(file));

        // 1. deltamodel run, as a user types it.
        var run = Runner("run", file);
        Assert.True(run.Code == 0, run.Log);
        var outDir = Path.Combine(ws.ExperimentsDir, Name, "out");
        var output = new RunFolder(outDir);
        Assert.True(File.Exists(output.Results), $"no {output.Results}:\n{run.Log}");
        Directory.Delete(outDir, recursive: true);

        // 2. Experiments.proj, selecting it by name.
        var (code, log) = ws.MSBuild("Reproduce", $"Experiment={Name}");
        Assert.True(code == 0, log);
        Assert.True(File.Exists(output.Results), $"Reproduce wrote no {output.Results}:\n{log}");
        Assert.Equal(yaml, File.ReadAllText(file));   // unchanged by either run

        async Task<JsonElement> Post(string url, object body)
        {
            var response = await http.PostAsJsonAsync(url, body);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {json}");
            return json;
        }
    }

    /// <summary>The test build's <c>deltamodel</c> in its own process, as a user runs it.</summary>
    static (int Code, string Log) Runner(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deltamodel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        var err = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4))) { process.Kill(entireProcessTree: true); throw new TimeoutException(log); }
        return (process.ExitCode, log + err.Result);
    }
}
