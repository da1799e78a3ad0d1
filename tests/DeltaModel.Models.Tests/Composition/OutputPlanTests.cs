using DeltaModel.Models.Composition;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Tests.Physics;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>
/// The network may skip what the warm-up runner does not read (<see cref="WarmUpRunner.OutputPlan"/>): the physics'
/// outputs and every weight gradient must be those of the whole network output.
/// </summary>
public class OutputPlanTests
{
    const int T = 90, B = 3, WarmUp = 40;

    [Theory]
    [InlineData("hbv", true, true)]           // spin-up mode, warm-up days without gradient (training)
    [InlineData("hbv", false, true)]          // spin-up mode, one pass
    [InlineData("hbv_1_1p", false, true)]     // crop mode: every day is read
    [InlineData("hbv", true, false)]          // evaluation
    public void Physics_and_gradients_match_the_whole_output(string physicsName, bool truncate, bool withGradient)
    {
        var physics = ModelRegistry.CreatePhysics(physicsName, new PhysicsOptions { Components = 2, DynamicParameters = ["parBETA", "parBETAET"] });
        var mapper = new ParameterMapper(physics);
        var runner = new WarmUpRunner(physics, mapper, WarmUp);
        manual_seed(6);
        using var network = new LstmNetwork(4, 24, mapper.Width, dropConnect: 0, dtype: ScalarType.Float64, dynamicOutputs: mapper.DynamicChannels);
        var g = new Generator(3);
        using var x = randn(new long[] { T, B, 4 }, generator: g, dtype: ScalarType.Float64);
        using var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, g);
        long noGrad = truncate ? WarmUp : 0;
        var plan = runner.OutputPlan(T);

        (Tensor Q, Tensor[] Grads) Run(bool planned)
        {
            network.zero_grad();
            using var grad = withGradient ? null : no_grad();
            var raw = planned ? network.Forward(x, noGrad, plan) : network.Forward(x, noGrad);
            var q = runner.Run(forcings, raw).Result.Series["streamflow"];
            if (!withGradient) return (q.clone(), []);
            q.sum().backward();
            return (q.detach().clone(), network.parameters().Select(p => p.grad!.clone()).ToArray());
        }

        var (qFull, gFull) = Run(planned: false);
        var (qPlan, gPlan) = Run(planned: true);
        Assert.True(qPlan.allclose(qFull, rtol: 1e-12, atol: 1e-12), $"streamflow off by {(qPlan - qFull).abs().max().item<double>()}");
        for (int i = 0; i < gFull.Length; i++)
            Assert.True(gPlan[i].allclose(gFull[i], rtol: 1e-10, atol: 1e-12), $"gradient of parameter {i} off by {(gPlan[i] - gFull[i]).abs().max().item<double>()}");
    }

    [Fact]
    public void Entries_outside_the_plan_are_zero_and_those_inside_are_the_network_output()
    {
        manual_seed(2);
        var flags = new[] { true, false, true, false, false };
        using var network = new LstmNetwork(3, 24, 5, dropConnect: 0, dynamicOutputs: flags);
        using var x = randn(20, 2, 3);
        using var noGrad = no_grad();
        using var full = network.Forward(x, 0);
        using var planned = network.Forward(x, 0, new OutputPlan(5, [5, 19]));
        for (int day = 0; day < 20; day++)
            for (int k = 0; k < 5; k++)
            {
                bool read = day >= 5 && (flags[k] || day is 5 or 19);
                var expected = read ? full[day, .., k] : zeros(2);
                Assert.True(planned[day, .., k].allclose(expected, rtol: 1e-6, atol: 1e-7), $"day {day}, channel {k} ({(read ? "read" : "skipped")})");
            }
        Assert.Throws<ArgumentException>(() => network.Forward(x, 0, new OutputPlan(5, [3])));
    }
}
