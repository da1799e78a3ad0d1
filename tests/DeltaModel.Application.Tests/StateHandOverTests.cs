using DeltaModel.Core.Training;
using DeltaModel.Models.States;
using Xunit;

namespace DeltaModel.Application.Tests;

/// <summary>
/// End states of batch simulations and runs started from them (<c>simulate.initial_state</c>), on the embedded sample:
/// a simulation split in two at an arbitrary day, the first part's end state handed to the second, equals the
/// simulation in one piece; a model whose pieces could not equal it (plain LSTM) and a state of the wrong day are refused.
/// </summary>
public class StateHandOverTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-state-tests", Guid.NewGuid().ToString("N"));

    public StateHandOverTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The tiny experiment with δHBV 2.0's network (static parameters from an MLP on the attributes), which can continue from a state.</summary>
    string WriteStaticHeadExperiment()
    {
        var path = TinyExperiment.Write(folder);
        File.WriteAllText(path, File.ReadAllText(path).Replace("  nn:\n    hidden_size: 8", "  nn:\n    name: lstm_mlp\n    mlp_hidden_size: 8\n    mlp_layers: 2\n    hidden_size: 8"));
        Assert.Contains("lstm_mlp", File.ReadAllText(path));
        return path;
    }

    static ExperimentResult Run(string path, params (string, string)[] settings) =>
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = settings })).Run();

    static ExperimentResult Simulate(string path, string period, int batchSize, string? initialState = null) =>
        Run(path, [("mode", "simulate"), ("simulate.period", period), ("simulate.batch_size", batchSize.ToString()),
            .. initialState is null ? Array.Empty<(string, string)>() : [("simulate.initial_state", initialState)]]);

    string EndState(string copyName)
    {
        var written = Path.Combine(folder, "out", "simulate", ModelRun.EndStateFileName);
        Assert.True(File.Exists(written), $"the simulation wrote no end state at {written}");
        var copy = Path.Combine(folder, copyName);
        File.Copy(written, copy, overwrite: true);
        return copy;
    }

    [Fact]
    public void Simulation_split_in_two_with_the_state_handed_over_equals_the_simulation_in_one_piece()
    {
        var path = WriteStaticHeadExperiment();
        Run(path);                                                                           // train (a few minibatches)

        var whole = Simulate(path, "{start: 2001-10-01, end: 2002-03-31}", batchSize: 1).Evaluation!.Output!;
        var first = Simulate(path, "{start: 2001-10-01, end: 2001-12-13}", batchSize: 1).Evaluation!.Output!;   // 74 days
        var handedOver = EndState("part1.dmstate");
        Assert.Equal(new DateOnly(2001, 12, 13), ModelStateFile.ReadDate(handedOver));
        var second = Simulate(path, "{start: 2001-12-14, end: 2002-03-31}", batchSize: 2, handedOver).Evaluation!.Output!;

        Assert.Equal(whole.Days, first.Days + second.Days);
        Assert.Equal(new DateOnly(2001, 12, 14), second.Start);
        int B = whole.Basins.Count;
        foreach (var (name, all) in whole.Series)
        {
            // Float32 rounding: the LSTM over 182 days in one call against 74 + 108 days is another blocking of its gemms.
            double scale = Math.Max(all.Max(Math.Abs), 1e-3), tolerance = 1e-4 * scale;
            var joined = first.Series[name].Concat(second.Series[name]).ToArray();          // time-major [T, B]: parts follow each other
            Assert.Equal(all.Length, joined.Length);
            for (int i = 0; i < all.Length; i++)
                Assert.True(Math.Abs(all[i] - joined[i]) <= tolerance,
                    $"{name}, day {i / B}, basin {whole.Basins[i % B]}: one piece {all[i]}, split {joined[i]} (tolerance {tolerance})");
        }
    }

    [Fact]
    public void A_plain_lstm_model_refuses_to_start_from_a_state_and_says_why()
    {
        var path = TinyExperiment.Write(folder);                                             // network lstm: static parameters from the last day
        Run(path);
        Simulate(path, "{start: 2001-10-01, end: 2001-12-13}", batchSize: 2);
        var state = EndState("part1.dmstate");                                               // its end state is written all the same

        var error = Assert.Throws<RunInputException>(() => Simulate(path, "{start: 2001-12-14, end: 2002-03-31}", batchSize: 2, state));
        Assert.Contains("simulate.initial_state", error.Message);
        Assert.Contains("§10.15", error.Message);
        Assert.Contains("lstm_mlp", error.Message);
    }

    [Fact]
    public void A_state_of_another_day_is_refused_naming_the_key_the_file_and_the_rule()
    {
        var path = TinyExperiment.Write(folder);
        Run(path);
        Simulate(path, "{start: 2001-10-01, end: 2001-12-13}", batchSize: 2);
        var state = EndState("part1.dmstate");

        var error = Assert.Throws<RunInputException>(() => Simulate(path, "{start: 2001-12-20, end: 2002-03-31}", batchSize: 2, state));
        Assert.Equal("InitialStateDate", error.Reason);
        Assert.Contains("simulate.initial_state", error.Message);
        Assert.Contains(state, error.Message);
        Assert.Contains("2001-12-13", error.Message);
    }
}
