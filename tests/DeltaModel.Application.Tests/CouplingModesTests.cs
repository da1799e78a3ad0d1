using System.Text.Json;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Each coupling mode runs end to end from an experiment file on the embedded sample (tiny: two basins, two
/// minibatches): the run log and results.json state the mode, the outputs carry what the mode adds, and the saved
/// config reloads with the mode's keys (what resuming and simulating a trained model read).
/// </summary>
public class CouplingModesTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-coupling-tests", Guid.NewGuid().ToString("N"));

    public CouplingModesTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string, string, string, string> Modes => new()
    {
        {
            "chain", "model.physics",
            "{name: chain, nmul: 2, chain: [{name: hbv, routing: false, dynamic_parameters: [parBETA]}, {name: gamma_routing}]}",
            "parameter learning + physics chain"
        },
        {
            "processes", "model.processes", "[{process: percolation, hidden_size: 4, inputs: [SUZ, SM, tmean]}]",
            "parameter learning + process replacement"
        },
        {
            "networks", "model.networks",
            "[{name: dynamic, network: lstm, hidden_size: 8, attributes: [], parameters: [parBETA]}, {name: static, network: mlp, hidden_size: 8, forcings: []}]",
            "parameter learning by several networks"
        },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_coupling_mode_runs_from_an_experiment_file_and_states_itself(string name, string key, string value, string coupling)
    {
        var dir = Path.Combine(folder, name);
        Directory.CreateDirectory(dir);
        var path = TinyExperiment.Write(dir);
        var lines = new List<string>();
        var result = new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = [(key, value)] }), log: lines.Add).Run();

        Assert.True(double.IsFinite(result.Training!.Epochs[^1].Loss), $"{name}: loss {result.Training.Epochs[^1].Loss}");
        Assert.Contains(lines, l => l == $"coupling: {coupling}");
        var outDir = Path.Combine(dir, "out");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        Assert.Equal(coupling, json.RootElement.GetProperty("coupling").GetString());
        var header = File.ReadLines(Path.Combine(outDir, "test", "simulation.csv")).First().Split(',');
        if (name == "chain") Assert.Contains("streamflow_hbv", header);                      // the runoff model's own flow, beside the routed one
        if (name == "processes") Assert.Contains("percolation", header);                     // the learned process, as a series
        var saved = ModelFolder.Load(outDir);
        Assert.Equal(ModelBlueprint.Coupling(saved), coupling);
    }
}
