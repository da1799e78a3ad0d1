using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics.Examples;
using DeltaModel.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>
/// The residual coupling mode: a post-processor network learns what the physics cannot produce, its correction and the
/// uncorrected series are reported, and the config names a physics output that does not exist as one error.
/// </summary>
public sealed class ResidualCorrectionTests : IDisposable
{
    const int T = 50, B = 4, WarmUp = 10;

    static readonly InputSpec Spec = new(["x0", "x1"], [], [], ["prcp", "pet"], [], "streamflow");

    readonly string dir = Directory.CreateTempSubdirectory("residual-config-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static HybridModel Create(PostprocessorConfig? postprocessor)
    {
        manual_seed(5);
        var physics = new Template(new PhysicsOptions { Components = 1, Routing = false });
        return new HybridModel(new NeuralNetworkConfig { HiddenSize = 8, Dropout = 0 }, physics, Spec, WarmUp, postprocessor: postprocessor);
    }

    /// <summary>
    /// No rain, so the bucket yields (almost) nothing, but the observed flow is <c>3 + x0</c>: a relation of the network
    /// inputs that no physics parameter can produce and a residual network can.
    /// </summary>
    static ModelBatch Batch()
    {
        var g = new Generator(17);
        var x = randn(new long[] { T, B, 2 }, generator: g);
        return new ModelBatch
        {
            NetworkForcings = x,
            NetworkAttributes = zeros(B, 0),
            PhysicsForcings = cat([zeros(T, B, 1), full(T, B, 1, 2.0f)], 2),                  // prcp 0, pet 2 mm/d
            PhysicsAttributes = zeros(B, 0),
            Target = x[.., .., 0] + 3,
            Basins = [0, 1, 2, 3],
            Starts = [0, 0, 0, 0],
        };
    }

    [Fact]
    public void The_postprocessor_learns_what_the_physics_cannot_and_parameter_learning_alone_does_not()
    {
        using var batch = Batch();
        using var residual = Create(new PostprocessorConfig { HiddenSize = 16, PhysicsOutputs = ["streamflow", "storage"] });
        using var plain = Create(null);
        var (first, last) = CouplingTraining.Train(residual, batch, 80, WarmUp);
        var (plainFirst, plainLast) = CouplingTraining.Train(plain, batch, 80, WarmUp);
        Assert.True(last < 0.1 * first, $"with the post-processor the loss falls from {first:F3} to {last:F3}");
        Assert.True(plainLast > 0.9 * plainFirst, $"parameter learning alone cannot follow: {plainFirst:F3} → {plainLast:F3}");
        Assert.Equal("parameter learning + residual post-processor", residual.Coupling);
        Assert.Contains(residual.Describe(), l => l.StartsWith("coupling: parameter learning + residual post-processor", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Describe(), l => l.StartsWith("coupling:", StringComparison.Ordinal));   // signatures of existing checkpoints unchanged
    }

    [Fact]
    public void The_output_reports_the_physics_series_and_the_correction_that_sum_to_the_prediction()
    {
        using var batch = Batch();
        using var model = Create(new PostprocessorConfig { HiddenSize = 4 });
        using var scope = NewDisposeScope();
        var series = model.Forward(batch).Series;
        Assert.Equal(new long[] { T - WarmUp, B }, series["streamflow"].shape);
        Tolerance.AssertClose(series["streamflow_physics"] + series["streamflow_correction"], series["streamflow"],
            Tolerance.Relative(ScalarType.Float32), "physics + correction");
        Assert.Contains("storage", series.Keys);                                             // the physics' own series stay
    }

    [Fact]
    public void A_physics_output_the_model_does_not_have_is_a_config_error_naming_the_key()
    {
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var path = Path.Combine(dir, "experiment.yaml");
        File.WriteAllText(path, """
            data: {path: data}
            train: {period: {start: 1995-10-01, end: 2005-09-30}}
            test: {period: {start: 2005-10-01, end: 2013-09-30}}
            model:
              physics: {name: hbv}
              postprocessor: {name: lstm, hidden_size: 16, physics_outputs: [streamflow, soilmoisture]}
            """);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins));
        Assert.Contains("model.postprocessor.physics_outputs", e.Message);
        Assert.Contains("soilmoisture", e.Message);
    }
}
