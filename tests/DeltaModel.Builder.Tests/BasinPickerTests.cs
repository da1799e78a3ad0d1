using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DeltaModel.Builder.Tests;

/// <summary>
/// The basin picker's server side: the basins of the dataset an experiment names, with names and locations from its
/// attributes; datasets outside the workspace and the data roots refused; the selection written to a basin file.
/// </summary>
public sealed class BasinPickerTests : IAsyncLifetime
{
    BuilderWorkspace workspace = null!;
    HttpClient http = null!;

    public async Task InitializeAsync()
    {
        workspace = await BuilderWorkspace.Start();
        http = new HttpClient { BaseAddress = workspace.Server.Address };
        http.DefaultRequestHeaders.Add(AccessToken.Header, workspace.Server.Token.Value);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await workspace.DisposeAsync();
    }

    Task<HttpResponseMessage> Basins(string yaml) => http.PostAsJsonAsync("/api/basins", new { path = BuilderWorkspace.Experiment, yaml });

    static async Task<string> Error(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task The_sample_lists_its_19_basins_with_names_coordinates_and_areas_and_the_current_selection()
    {
        var response = await Basins(BuilderWorkspace.TinyExperiment());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var basins = result.GetProperty("basins").EnumerateArray().ToList();
        Assert.Equal(DeltaModel.Core.Data.BasinSelection.FromFile(Path.Combine(BuilderWorkspace.DataRoot, "camels-sample", "basins.txt")).Count, basins.Count);
        var fish = basins.Single(b => b.GetProperty("id").GetString() == "01013500");
        Assert.Equal("Fish River near Fort Kent, Maine", fish.GetProperty("name").GetString());
        Assert.Equal(47.23739, fish.GetProperty("lat").GetDouble(), 4);
        Assert.Equal(-68.58264, fish.GetProperty("lon").GetDouble(), 4);
        Assert.InRange(fish.GetProperty("area").GetDouble(), 2000, 2400);
        Assert.Equal(["01013500", "01022500"], result.GetProperty("selected").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("camels", result.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_dataset_outside_the_workspace_and_the_data_roots_is_403()
    {
        var outside = Directory.CreateTempSubdirectory("deltamodel-outside-data-").FullName;
        try
        {
            var yaml = BuilderWorkspace.TinyExperiment().Replace(Path.Combine(BuilderWorkspace.DataRoot, "camels-sample"), outside);
            var response = await Basins(yaml);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var error = await Error(response);
            Assert.Contains("data.path", error);
            Assert.Contains("--data-root", error);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_dataset_reached_through_a_link_out_of_the_allowed_folders_is_403()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var outside = Directory.CreateTempSubdirectory("deltamodel-outside-data-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "experiments", "tiny", "data"), outside);
            var yaml = BuilderWorkspace.TinyExperiment().Replace(Path.Combine(BuilderWorkspace.DataRoot, "camels-sample"), "data");
            var response = await Basins(yaml);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("outside the workspace", await Error(response));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_data_path_the_error_says_to_set_it()
    {
        var response = await Basins("name: x\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("data.path", await Error(response));
    }

    [Fact]
    public async Task The_selection_goes_to_the_basin_file_an_experiment_names_and_the_runner_reads_it()
    {
        var yaml = BuilderWorkspace.TinyExperiment().Replace("basins: [\"01013500\", \"01022500\"]", "basin_file: picked.txt");
        File.WriteAllText(Path.Combine(workspace.Root, "experiments", "tiny", "picked.txt"), "01013500\n");
        var listed = await (await Basins(yaml)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["01013500"], listed.GetProperty("selected").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("experiments/tiny/picked.txt", listed.GetProperty("basin_file").GetString());

        var written = await http.PostAsJsonAsync("/api/basin-file", new { path = BuilderWorkspace.Experiment, yaml, basins = new[] { "01013500", "01333000" } });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var file = Path.Combine(workspace.Root, "experiments", "tiny", "picked.txt");
        Assert.Equal(["01013500", "01333000"], DeltaModel.Core.Data.BasinSelection.FromFile(file).Ids);

        var bad = await http.PostAsJsonAsync("/api/basin-file", new { path = BuilderWorkspace.Experiment, yaml, basins = new[] { "0101", "01013500" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("0101", await Error(bad));
        var escape = await http.PostAsJsonAsync("/api/basin-file", new { path = BuilderWorkspace.Experiment, yaml = yaml.Replace("picked.txt", "../../../picked.txt"), basins = new[] { "01013500" } });
        Assert.Equal(HttpStatusCode.Forbidden, escape.StatusCode);
    }
}
