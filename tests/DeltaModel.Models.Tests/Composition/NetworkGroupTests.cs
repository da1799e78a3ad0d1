using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>
/// Several networks feeding one model: an LSTM on forcings writes the dynamic parameters, an MLP on attributes the
/// static and routing ones; each network's channels land where the mapper reads them, the model learns, and a parameter
/// assignment that does not cover the model once is a config error naming the entry.
/// </summary>
public sealed class NetworkGroupTests
{
    const long T = 60, B = 4;
    const int WarmUp = 20;

    static readonly InputSpec Spec = new(["prcp", "tmean", "pet"], ["a0", "a1"], [], ["prcp", "tmean", "pet"], [], "streamflow");

    static readonly IReadOnlyList<ParameterNetworkConfig> Networks =
    [
        new() { Name = "dynamic", Network = "lstm", HiddenSize = 8, Attributes = [], Parameters = ["parBETA", "parBETAET"] },
        new() { Name = "static", Network = "mlp", HiddenSize = 8, Forcings = [] },
    ];

    static HybridModel Create()
    {
        manual_seed(3);
        var physics = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 2, DynamicParameters = ["parBETA", "parBETAET"] });
        return new HybridModel(new NeuralNetworkConfig { Forcings = ["prcp", "tmean", "pet"], Attributes = ["a0", "a1"] }, physics, Spec, WarmUp, networks: Networks);
    }

    static ModelBatch Batch(Generator g, Tensor? forcings = null)
    {
        var f = forcings ?? HbvTestData.Forcings(T + 150, B, ScalarType.Float32, g)[150..].contiguous();   // late spring on: rain, not snow
        return new ModelBatch
        {
            NetworkForcings = (f - f.mean([0, 1], keepdim: true)) / f.std([0, 1], keepdim: true),
            NetworkAttributes = randn(new long[] { B, 2 }, generator: g), PhysicsForcings = f, PhysicsAttributes = zeros(new long[] { B, 0 }),
            Target = f[.., .., 0] * 0.3, Basins = [0, 1, 2, 3], Starts = [0, 0, 0, 0],
        };
    }

    [Fact]
    public void Each_network_writes_its_parameters_and_the_attribute_network_static_ones_do_not_follow_the_forcings()
    {
        using var model = Create();
        var group = Assert.IsType<NetworkGroup>(model.Network);
        Assert.Equal(["parBETA", "parBETAET"], group.Assignment[0].Parameters);
        Assert.Equal(13, group.Assignment[1].Parameters.Count);                              // the 11 other HBV parameters and the 2 routing ones
        Assert.Contains("route_a", group.Assignment[1].Parameters);
        Assert.Equal("parameter learning by several networks", model.Coupling);
        Assert.Contains(model.Describe(), l => l.StartsWith("networks: network 'dynamic' (lstm", StringComparison.Ordinal) && l.Contains("network 'static' (mlp"));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = new Generator(2);
        var attributes = randn(new long[] { 1, B, 2 }, generator: g).expand(T, B, 2);        // repeated every day, as NetworkInput does
        var x = cat([randn(new long[] { T, B, 3 }, generator: g), attributes], 2);          // [T, B, 5]
        var y = x.clone();
        y[.., .., ..3] = randn(new long[] { T, B, 3 }, generator: g);                         // other forcings, same attributes
        var (a, b) = (group.Forward(x, 0), group.Forward(y, 0));                              // [T, B, 14·2 + 2]
        const int C = 2;
        // parBETA (channels 0, 1) comes from the LSTM on forcings; parFC (2, 3) and routing (last two) from the MLP on attributes.
        Assert.False(a[.., .., ..C].allclose(b[.., .., ..C]), "the dynamic network follows the forcings");
        Assert.True(a[.., .., C..(2 * C)].allclose(b[.., .., C..(2 * C)]), "parFC does not follow the forcings");
        Assert.True(a[.., .., ^2..].allclose(b[.., .., ^2..]), "routing does not follow the forcings");
        Assert.True(a[0, .., C..(2 * C)].allclose(a[^1, .., C..(2 * C)]), "a static parameter from attributes is the same every day");
    }

    [Fact]
    public void The_model_with_two_networks_learns_loss_falls_from_its_start()
    {
        using var model = Create();
        using var batch = Batch(new Generator(5));
        var (first, last) = CouplingTraining.Train(model, batch, steps: 15, warmUp: WarmUp, lr: 0.05);
        Assert.True(last < 0.7 * first, $"the loss falls from {first:F4} to {last:F4}");
    }

    [Fact]
    public void A_parameter_the_physics_does_not_have_is_a_config_error_naming_the_network() =>
        CouplingConfigs.Error("""
              nn: {forcings: [prcp, tmean, pet], attributes: []}
              physics: {name: hbv}
              networks: [{name: dynamic, parameters: [parBETTA]}, {name: rest, network: mlp}]
            """, "model.networks[0].parameters", "parBETTA", "did you mean 'parBETA'");

    [Fact]
    public void A_parameter_listed_by_two_networks_is_a_config_error() =>
        CouplingConfigs.Error("""
              nn: {forcings: [prcp, tmean, pet], attributes: []}
              physics: {name: hbv}
              networks: [{name: one, parameters: [parBETA]}, {name: two, parameters: [parBETA]}]
            """, "model.networks[1].parameters", "'one' writes already");

    [Fact]
    public void Parameters_no_network_writes_are_a_config_error() =>
        CouplingConfigs.Error("""
              nn: {forcings: [prcp, tmean, pet], attributes: []}
              physics: {name: hbv}
              networks: [{name: one, parameters: [parBETA]}]
            """, "model.networks", "no network writes", "parFC", "route_a");

    [Fact]
    public void An_input_outside_model_nn_and_two_catch_all_networks_are_config_errors() =>
        CouplingConfigs.Error("""
              nn: {forcings: [prcp, tmean, pet], attributes: []}
              physics: {name: hbv}
              networks: [{name: one, forcings: [srad]}, {name: two}]
            """, "model.networks[0].forcings", "'srad'", "at most one network may");
}
