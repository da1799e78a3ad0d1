using System.Net.Http.Json;
using System.Text.Json;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Builder.Tests;

/// <summary>A run started from the page streams its progress and, cancelled, ends as cancelled with its checkpoint kept.</summary>
public sealed class RunCancelTests
{
    [Fact]
    public async Task Cancel_stops_the_run_and_keeps_the_last_epochs_checkpoint()
    {
        await using var workspace = await BuilderWorkspace.Start();
        var file = Path.Combine(workspace.Root, BuilderWorkspace.Experiment);
        File.WriteAllText(file, BuilderWorkspace.TinyExperiment()
            .Replace("epochs: 1", "epochs: 3\n  save_every: 1").Replace("iterations_per_epoch: 3", "iterations_per_epoch: 150"));
        using var http = new HttpClient { BaseAddress = workspace.Server.Address, Timeout = TimeSpan.FromMinutes(4) };
        http.DefaultRequestHeaders.Add(AccessToken.Header, workspace.Server.Token.Value);

        var started = await (await http.PostAsJsonAsync("/api/runs", new { path = BuilderWorkspace.Experiment })).Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        var busy = await http.PostAsJsonAsync("/api/runs", new { path = BuilderWorkspace.Experiment });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, busy.StatusCode);   // one run at a time

        using var events = new StreamReader(await http.GetStreamAsync($"/api/runs/{id}/events"));
        string? name = null, end = null;
        bool cancelled = false;
        while (await events.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var data = JsonDocument.Parse(line[6..]).RootElement;
            if (name == "progress" && !cancelled && data.GetProperty("phase").GetString() == "train" && data.GetProperty("epoch").GetInt32() == 2)
            {
                Assert.True(data.GetProperty("eta").GetDouble() > 0);
                (await http.PostAsJsonAsync($"/api/runs/{id}/cancel", new { })).EnsureSuccessStatusCode();
                cancelled = true;
            }
            if (name == "end") { end = data.GetProperty("state").GetString(); break; }
        }
        Assert.True(cancelled, "no progress of epoch 2 was streamed");
        Assert.Equal("cancelled", end);
        var folder = new RunFolder(Path.Combine(workspace.Root, "experiments", "tiny", "out"));
        Assert.True(File.Exists(folder.ResumeCheckpoint), "the checkpoint of the finished epoch is gone");
        Assert.False(File.Exists(folder.Results));   // a cancelled run writes no results
    }
}
