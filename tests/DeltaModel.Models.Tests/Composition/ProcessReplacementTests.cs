using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>
/// The process-replacement coupling mode: networks standing in for HBV's ET factor and percolation keep the physics in
/// range and its water balance closed, a network recovers a known synthetic percolation law from streamflow, and the
/// configurations the mode cannot run are single, named config errors.
/// </summary>
public sealed class ProcessReplacementTests
{
    const long T = 120, B = 4;
    const int WarmUp = 30;

    static readonly ProcessNetworkConfig Percolation = new() { Process = "percolation", HiddenSize = 8, Inputs = ["SUZ"] };
    static readonly ProcessNetworkConfig Evapotranspiration = new() { Process = "evapotranspiration", HiddenSize = 8, Inputs = ["SM", "parFC", "pet"] };

    static IPhysicsModel Hbv(string backend = "auto") => ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 2, Backend = backend });

    /// <summary>
    /// The law the twin's observations follow: the share of the upper zone percolating each day, 0.3·SUZ / (SUZ + 10),
    /// within [0, 1] and far from an untrained network's ≈ 0.5.
    /// </summary>
    static Tensor TruePercolation(Func<string, Tensor> read)
    {
        var suz = read("SUZ");
        return suz * 0.3 / (suz + 10);
    }

    [Fact]
    public void With_both_processes_replaced_the_water_balance_closes_and_the_processes_stay_in_their_range()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var physics = new ProcessReplacement(Hbv(), [Evapotranspiration, Percolation]);
        var g = new Generator(4);
        var forcings = HbvTestData.Forcings(400, B, ScalarType.Float64, g);
        var (_, parameters) = HbvTestData.Parameters(physics, 400, B, ScalarType.Float64, g);
        var result = physics.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = full(new long[] { B, 2 }, 1.0, dtype: ScalarType.Float64) });
        double residual = result.Budget!.MaxRelativeResidual();
        Assert.True(residual < 1e-12, $"relative water-budget residual {residual:E2}");
        var factor = result.Series["evapfactor"];
        Assert.True(factor.min().item<double>() >= 0 && factor.max().item<double>() <= 1, "the ET factor stays in [0, 1]");
        Assert.True(result.Series["percolation"].min().item<double>() >= 0, "percolation is a non-negative flux");
        Assert.True(result.Series["SUZ"].min().item<double>() >= 0 && result.Series["SM"].min().item<double>() > 0, "stores stay non-negative");
        // The network is what runs: the series differ from the equations' with the same parameters.
        var equations = Hbv().Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = full(new long[] { B, 2 }, 1.0, dtype: ScalarType.Float64) });
        Assert.True((equations.Series["percolation"] - result.Series["percolation"]).abs().max().item<double>() > 1e-3, "percolation comes from the network");
    }

    /// <summary>
    /// Forcings <c>[days, B, 3]</c> from late spring on (<see cref="HbvTestData.Forcings"/> starts in winter, when rain
    /// falls as snow and neither process touches streamflow for weeks).
    /// </summary>
    static Tensor WarmForcings(long days, Generator g) => HbvTestData.Forcings(days + 150, B, ScalarType.Float32, g)[150..].contiguous();

    /// <summary>
    /// Stores of a wet basin <c>[5, B, C]</c> (SNOWPACK, MELTWATER, SM, SUZ, SLZ) [mm]: where percolation is limited by
    /// its rate, not by an empty upper zone, and ET by its factor, not by a dry soil — so both processes matter.
    /// </summary>
    static PhysicsState WetStart(long C, ScalarType dtype) =>
        new(tensor(new[] { 0.0, 0.0, 60.0, 25.0, 40.0 }, dtype: dtype).view(5, 1, 1).expand(5, B, C).contiguous());

    /// <summary>Twin parameters: a small, responsive soil (FC ≈ 100 mm, BETA 1.5) so the upper zone fills; the rest mid-range.</summary>
    static readonly Dictionary<string, double> TwinShares = new() { ["parBETA"] = 0.1, ["parFC"] = 0.05, ["parK1"] = 0.1, ["parUZL"] = 0.2 };

    /// <summary>A twin: HBV with <see cref="TwinShares"/>, percolation following <see cref="TruePercolation"/>, from
    /// <paramref name="start"/> (null: the model's initial state, as a hybrid model without warm-up starts).</summary>
    static (Tensor Forcings, Dictionary<string, Tensor> Parameters, Tensor Observed, IPhysicsModel Truth) Twin(long days, PhysicsState? start)
    {
        var g = new Generator(9);
        var forcings = WarmForcings(days, g);
        var truth = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 1, Routing = false });
        var parameters = truth.Declarations.Parameters.ToDictionary(p => p.Name, p => full(new long[] { days, B, 1 }, p.Scale(TwinShares.GetValueOrDefault(p.Name, 0.5))));
        using var noGrad = no_grad();
        var observed = truth.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, InitialState = start,
            Processes = new Dictionary<string, ProcessFunction> { ["percolation"] = TruePercolation },
        }).Series["streamflow"];
        return (forcings, parameters, observed, truth);
    }

    [Fact]
    public void A_hybrid_model_with_a_percolation_network_learns_loss_falls_from_its_start()
    {
        manual_seed(5);
        // The twin runs all days from the model's initial state; the hybrid spins its first 30 up from the same state.
        const long days = 70;
        const int warmUp = 30;
        var (forcings, _, observed, truth) = Twin(days, null);
        var spec = new InputSpec([], ["one"], [], ["prcp", "tmean", "pet"], [], "streamflow");
        // Parameters from an MLP on a constant attribute (one set for all basins); percolation from its own network.
        using var model = new HybridModel(new NeuralNetworkConfig { Name = "mlp", HiddenSize = 8, Dropout = 0, Forcings = [], Attributes = ["one"] },
            truth, spec, warmUp, processes: [Percolation]);
        Assert.Equal("parameter learning + process replacement", model.Coupling);
        Assert.Contains(model.Describe(), l => l.Contains("percolation ← network mlp", StringComparison.Ordinal));
        using var batch = new ModelBatch
        {
            NetworkForcings = zeros(new long[] { days, B, 0 }), NetworkAttributes = ones(new long[] { B, 1 }), PhysicsForcings = forcings,
            PhysicsAttributes = zeros(new long[] { B, 0 }), Target = observed, Basins = [0, 1, 2, 3], Starts = [0, 0, 0, 0],
        };
        var before = model.Processes!.Networks[0].parameters().Select(p => p.detach().clone()).ToList();
        var (first, last) = CouplingTraining.Train(model, batch, steps: 12, warmUp: warmUp, lr: 0.1);
        Assert.True(last < 0.7 * first, $"the loss falls from {first:F4} to {last:F4}");
        Assert.Contains(model.Processes.Networks[0].parameters().Zip(before), w => !w.First.detach().allclose(w.Second));   // the process network trained
    }

    [Fact]
    public void A_percolation_network_trained_on_streamflow_moves_toward_a_known_percolation_law()
    {
        manual_seed(5);
        const long days = 40;
        var wet = WetStart(1, ScalarType.Float32);
        var (forcings, parameters, observed, truth) = Twin(days, wet);
        var physics = new ProcessReplacement(truth, [Percolation with { HiddenSize = 16 }]);
        Tensor visited;
        using (no_grad())
            visited = truth.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = wet,
                Processes = new Dictionary<string, ProcessFunction> { ["percolation"] = TruePercolation } }).Series["SUZ"].reshape(-1, 1);   // [T·B, 1] mm
        // The learned law against the true one at the upper-zone storages the twin visits (weighted as the run weighs them).
        double LawError()
        {
            using var noGrad = no_grad();
            var learned = physics.Networks[0].Evaluate(n => n == "SUZ" ? visited : throw new ArgumentException(n));
            return (learned - TruePercolation(_ => visited)).abs().mean().item<float>();
        }
        double before = LawError();
        using var optimizer = optim.Adam(physics.Networks[0].parameters(), lr: 0.1);
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = (physics.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = wet }).Series["streamflow"] - observed).square().mean();
            last = loss.item<float>();
            if (step == 0) first = last;
            loss.backward();
            optimizer.step();
        }
        Assert.True(last < 0.1 * first, $"the loss falls from {first:E3} to {last:E3}");
        double after = LawError();
        Assert.True(after < 0.6 * before, $"mean |learned − true| percolation share at the twin's states: {before:F3} before training, {after:F3} after");
    }

    [Fact]
    public void Backend_fused_refuses_a_replaced_process_and_auto_takes_the_tensor_path()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProcessReplacement(Hbv("fused"), [Percolation]));
        Assert.Contains("backend 'fused'", e.Message);
        using var scope = NewDisposeScope();
        var physics = new ProcessReplacement(Hbv("auto"), [Evapotranspiration]);
        var g = new Generator(1);
        var forcings = WarmForcings(30, g);
        var (_, parameters) = HbvTestData.Parameters(physics, 30, B, ScalarType.Float32, g);
        var q = physics.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = ones(B, 2), InitialState = WetStart(2, ScalarType.Float32) })
            .Series["streamflow"];
        q.sum().backward();
        var gradient = physics.Networks[0].parameters().First().grad;
        Assert.True(gradient is not null && gradient.abs().sum().item<float>() > 0, "the gradient reaches the process network through the daily loop");
    }

    [Fact]
    public void Processes_with_backend_fused_are_a_config_error_naming_both_keys() =>
        CouplingConfigs.Error("""
              physics: {name: hbv, backend: fused}
              processes: [{process: percolation, inputs: [SUZ]}]
            """, "model.physics.backend", "model.processes", "'auto'");

    [Fact]
    public void An_unknown_process_is_a_config_error_listing_the_models_processes() =>
        CouplingConfigs.Error("""
              physics: {name: hbv}
              processes: [{process: percolaton, inputs: [SUZ]}]
            """, "model.processes[0]", "percolaton", "did you mean 'percolation'", "evapotranspiration");

    [Fact]
    public void An_input_the_process_does_not_offer_is_a_config_error() =>
        CouplingConfigs.Error("""
              physics: {name: hbv}
              processes: [{process: evapotranspiration, inputs: [SM, SWE]}]
            """, "model.processes[0]", "'SWE'", "SNOWPACK");

    [Fact]
    public void A_network_that_carries_state_is_a_config_error() =>
        CouplingConfigs.Error("""
              physics: {name: hbv}
              processes: [{process: percolation, name: lstm, inputs: [SUZ]}]
            """, "model.processes[0]", "'lstm'", "mlp");

    [Fact]
    public void A_model_without_replaceable_processes_is_a_config_error() =>
        CouplingConfigs.Error("""
              physics: {name: gr4j, routing: false}
              processes: [{process: percolation, inputs: [SUZ]}]
            """, "model.processes[0]", "gr4j declares no process");

    [Fact]
    public void The_same_process_twice_and_processes_without_physics_are_config_errors()
    {
        CouplingConfigs.Error("""
              physics: {name: hbv}
              processes: [{process: percolation, inputs: [SUZ]}, {process: percolation, inputs: [SM]}]
            """, "model.processes", "'percolation' 2 times");
        CouplingConfigs.Error("""
              processes: [{process: percolation, inputs: [SUZ]}]
            """, "model.processes", "add 'model.physics'");
    }
}
