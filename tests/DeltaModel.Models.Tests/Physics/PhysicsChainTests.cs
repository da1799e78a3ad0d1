using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Tests.Composition;
using DeltaModel.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// Physics models in sequence: HBV without routing, then gamma_routing, is HBV with its own routing (same numbers and
/// gradients), runs split in two, learns inside a hybrid model, and every way a chain can be mis-declared is one error.
/// </summary>
public sealed class PhysicsChainTests
{
    const long T = 80, B = 3;

    static PhysicsConfig ChainConfig(int components = 2) => new()
    {
        Components = components,
        Chain = [new ChainMemberConfig { Name = "hbv", Routing = false }, new ChainMemberConfig { Name = "gamma_routing" }],
    };

    static Tensor RouteLeaf() => tensor(new[] { 0.5, 1.0, 2.0, 3.0, 1.2, 0.4 }, dtype: ScalarType.Float64).view(B, 2).requires_grad_();   // [B, 2]

    [Fact]
    public void Hbv_without_routing_then_gamma_routing_equals_hbv_routing_itself_in_series_and_gradients()
    {
        using var scope = NewDisposeScope();
        var hbv = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 2 });
        var chain = ModelRegistry.CreatePhysics(ChainConfig());
        Assert.Equal("hbv → gamma_routing", chain.Name);
        Assert.Equal(hbv.Declarations.Parameters.Select(p => p.Name), chain.Declarations.Parameters.Select(p => p.Name));
        Assert.Equal(["route_a", "route_b"], chain.Declarations.RoutingParameters.Select(p => p.Name));
        Assert.Contains("streamflow_hbv", chain.Declarations.OutputNames);                  // the unrouted flow, renamed

        var g = new Generator(3);
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, g);
        var (_, parameters) = HbvTestData.Parameters(hbv, T, B, ScalarType.Float64, g);
        var (routeOwn, routeChain) = (RouteLeaf(), RouteLeaf());
        var own = hbv.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routeOwn });
        var chained = chain.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routeChain });

        Tolerance.AssertClose(own.Series["streamflow"], chained.Series["streamflow"], 1e-12, "routed streamflow");
        Tolerance.AssertClose(own.Series["streamflow_no_rout"], chained.Series["streamflow_hbv"], 1e-12, "unrouted streamflow");
        Assert.Equal(own.Series["SM"].shape, chained.Series["SM"].shape);
        var weights = rand(new long[] { T, B }, generator: g, dtype: ScalarType.Float64);
        (own.Series["streamflow"] * weights).sum().backward();
        (chained.Series["streamflow"] * weights).sum().backward();
        Tolerance.AssertClose(routeOwn.grad!, routeChain.grad!, 1e-10, "d/d(route_a, route_b)");
        Assert.True(chained.Budget!.MaxRelativeResidual() < 1e-12, "the runoff model's water budget closes in the chain");
    }

    [Fact]
    public void A_chain_split_in_two_with_its_state_handed_over_equals_one_run()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var chain = ModelRegistry.CreatePhysics(ChainConfig());
        var g = new Generator(5);
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, g);
        var (_, parameters) = HbvTestData.Parameters(chain, T, B, ScalarType.Float64, g);
        var routing = RouteLeaf().detach();
        var whole = chain.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
        var first = chain.Run(new PhysicsInput
        {
            Forcings = forcings[..40], Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[..40]), Routing = routing, SimulationDays = T,
        });
        Assert.NotNull(first.FinalState.RoutingHistory);                                     // the router's water in transit is the chain's state
        var second = chain.Run(new PhysicsInput
        {
            Forcings = forcings[40..], Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[40..]), Routing = routing,
            InitialState = first.FinalState,
        });
        foreach (var key in whole.Series.Keys)
        {
            double gap = (cat([first.Series[key], second.Series[key]], 0) - whole.Series[key]).abs().max().item<double>();
            Assert.True(gap <= 1e-9, $"{key} differs by {gap:E2} between one run and two");
        }
    }

    [Fact]
    public void A_hybrid_model_learns_the_chains_parameters_loss_falls_from_its_start()
    {
        manual_seed(7);
        var chain = ModelRegistry.CreatePhysics(ChainConfig(components: 1));
        var spec = new InputSpec(["prcp", "tmean", "pet"], [], [], ["prcp", "tmean", "pet"], [], "streamflow");
        using var model = new HybridModel(new NeuralNetworkConfig { HiddenSize = 8, Dropout = 0 }, chain, spec, warmUp: 20);
        Assert.Equal("parameter learning + physics chain", model.Coupling);
        var g = new Generator(11);
        var forcings = HbvTestData.Forcings(T, 4, ScalarType.Float32, g);
        // Observations: HBV with its own routing and fixed mid-range parameters (a twin the chain can match).
        var truth = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 1 });
        Tensor observed;
        using (no_grad())
            observed = truth.Run(new PhysicsInput
            {
                Forcings = forcings,
                Parameters = truth.Declarations.Parameters.ToDictionary(p => p.Name, p => full(new long[] { T, 4, 1 }, p.Scale(0.5))),
                Routing = full(new long[] { 4, 2 }, 1.5f),
            }).Series["streamflow"];
        using var batch = new ModelBatch
        {
            NetworkForcings = (forcings - forcings.mean([0, 1], keepdim: true)) / forcings.std([0, 1], keepdim: true),
            NetworkAttributes = zeros(4, 0), PhysicsForcings = forcings, PhysicsAttributes = zeros(4, 0),
            Target = observed, Basins = [0, 1, 2, 3], Starts = [0, 0, 0, 0],
        };
        var (first, last) = CouplingTraining.Train(model, batch, steps: 25, warmUp: 20);
        Assert.True(last < 0.6 * first, $"the chain's loss falls from {first:F4} to {last:F4}");
    }

    [Fact]
    public void An_unknown_member_is_a_config_error_with_a_did_you_mean() =>
        CouplingConfigs.Error("""
              physics: {chain: [{name: hbv, routing: false}, {name: gama_routing}]}
            """, "model.physics.chain[1]", "gama_routing", "gamma_routing");

    [Fact]
    public void A_member_reading_what_the_member_before_does_not_output_is_a_config_error() =>
        CouplingConfigs.Error("""
              physics: {chain: [{name: hbv, routing: false}, {name: gamma_routing, forcing_map: {streamflow: runoff}}]}
            """, "model.physics.chain[1]", "'runoff'", "no earlier member outputs", "streamflow_no_rout");

    [Fact]
    public void Two_members_that_route_are_a_config_error_naming_the_second() =>
        CouplingConfigs.Error("""
              physics: {chain: [{name: hbv}, {name: gamma_routing}]}
            """, "model.physics.chain[1]", "routing: false");

    [Fact]
    public void A_forcing_map_at_the_first_member_and_chain_level_dynamic_parameters_are_config_errors()
    {
        var message = CouplingConfigs.Error("""
              physics: {dynamic_parameters: [parBETA], chain: [{name: hbv, routing: false}, {name: gamma_routing}]}
            """, "model.physics.dynamic_parameters", "chain[i].dynamic_parameters");
        CouplingConfigs.Error("""
              physics: {chain: [{name: hbv, routing: false, forcing_map: {prcp: precip}}, {name: gamma_routing}]}
            """, "model.physics.chain[0].forcing_map", "model.physics.forcing_map");
        Assert.NotEmpty(message);
    }

    [Fact]
    public void A_valid_chain_loads_and_its_members_keep_their_own_dynamic_parameters()
    {
        var config = CouplingConfigs.Load("""
              physics: {nmul: 4, chain: [{name: hbv, routing: false, dynamic_parameters: [parBETA, parBETAET]}, {name: gamma_routing}]}
            """);
        var chain = Assert.IsType<PhysicsChain>(ModelRegistry.CreatePhysics(config.Model.Physics!));
        Assert.Equal(4, chain.Members[0].Options.Components);
        Assert.Equal(["parBETA", "parBETAET"], chain.Options.DynamicParameters);
        Assert.Contains("parBETAET", chain.Declarations.Parameters.Select(p => p.Name));
    }
}
