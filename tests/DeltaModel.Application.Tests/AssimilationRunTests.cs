using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using Xunit;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Variational assimilation on the embedded sample (a tiny trained δHBV, 2 basins): the stores fitted over each window
/// bring the window's loss down, the model's weights are not touched, and results.json carries the gain.
/// </summary>
public class AssimilationRunTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-assimilation-tests", Guid.NewGuid().ToString("N"));

    public AssimilationRunTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Assimilation_lowers_the_window_loss_and_leaves_the_weights_as_they_were()
    {
        var path = TinyExperiment.Write(folder);
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides())).Run();
        var model = Path.Combine(folder, "out", "model");
        var weights = Directory.GetFiles(model, "*.ckpt").ToDictionary(f => f, File.ReadAllBytes);

        var run = AssimilationRun.From(path) with
        {
            Settings = new AssimilateConfig { Window = 20, Iterations = 15, Lead = 20, Starts = 3, ForcingMultiplier = "prcp" },
        };
        var result = run.Run();

        Assert.Equal(2 * 3, result.Rows.Count);                                               // 2 basins × 3 starts
        Assert.All(result.Rows, r => Assert.True(r.WindowLossAfter < r.WindowLossBefore,
            $"{r.Start:yyyy-MM-dd}: window loss {r.WindowLossBefore} → {r.WindowLossAfter}, not lower"));
        Assert.All(result.Rows, r => Assert.True(double.IsFinite(r.NseOpenLoop) && double.IsFinite(r.NseAssimilated), $"NaN NSE at {r.Start}, {r.Basin}"));
        Assert.Contains(result.Rows, r => r.ForcingFactor != 1f);                             // the factor was fitted too
        foreach (var (file, bytes) in weights) Assert.Equal(bytes, File.ReadAllBytes(file));   // frozen: no checkpoint changed

        var results = RunResults.Read(Path.Combine(folder, "out", "assimilate", RunFolder.ResultsFileName));
        Assert.Equal("assimilate", results.Mode);
        var gain = results.Evaluation!.Metric(EvaluationSummary.AssimilationGainKey)!;
        Assert.Equal(6, gain.N);
        Assert.True(File.Exists(Path.Combine(folder, "out", "assimilate", "assimilation.csv")));
    }

    [Fact]
    public void Zero_iterations_forecast_the_open_loop()
    {
        // With nothing fitted the forecast runs from the open-loop state: the gain is zero to float32 rounding (relative 1e-5 of the NSE), which
        // shows the forecast and the open loop are the same run apart from the assimilated state.
        var path = TinyExperiment.Write(folder);
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides())).Run();
        var result = (AssimilationRun.From(path) with { Settings = new AssimilateConfig { Window = 20, Iterations = 0, Lead = 20, Starts = 2 } }).Run();
        Assert.All(result.Rows, r => Assert.True(Math.Abs(r.NseAssimilated - r.NseOpenLoop) <= 1e-5 * Math.Max(1, Math.Abs(r.NseOpenLoop)),
            $"{r.Start:yyyy-MM-dd} {r.Basin}: open loop {r.NseOpenLoop}, forecast from the unchanged state {r.NseAssimilated}"));
    }

    [Fact]
    public void A_forcing_the_physics_does_not_read_is_refused_by_name()
    {
        var path = TinyExperiment.Write(folder);
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides())).Run();
        var error = Assert.Throws<ArgumentException>(() =>
            (AssimilationRun.From(path) with { Settings = new AssimilateConfig { Window = 20, Iterations = 1, Lead = 20, Starts = 1, ForcingMultiplier = "snow" } }).Run());
        Assert.Contains("assimilate.forcing_multiplier", error.Message);
        Assert.Contains("snow", error.Message);
        Assert.Contains("prcp", error.Message);
    }
}
