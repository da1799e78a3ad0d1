using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using DeltaModel.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

public class ParameterMapperTests
{
    static IPhysicsModel Model(params string[] dynamic) =>
        ModelRegistry.CreatePhysics("hbv_1_1p", new PhysicsOptions { Components = 3, DynamicParameters = dynamic });

    [Fact]
    public void Width_IsParametersTimesComponentsPlusRouting() =>
        Assert.Equal(14 * 3 + 2, new ParameterMapper(Model()).Width);

    [Fact]
    public void Map_FollowsChannelLayout_StaticFromLastDayOfSlice_RoutingFromLastDayOfSequence()
    {
        using var scope = NewDisposeScope();
        var model = Model("parK0");
        var mapper = new ParameterMapper(model);
        var raw = randn(20, 2, mapper.Width, generator: new Generator(1), dtype: ScalarType.Float64);
        var mapped = mapper.Map(raw, 5, 10);                                       // days 5…14

        // parFC (i = 1), component 2 → channel 1·3 + 2 = 5, static: day 14 of the raw output, every day.
        var fc = mapped.Physical["parFC"];
        Assert.Equal(new long[] { 10, 2, 3 }, fc.shape);
        double expected = 50 + raw[14, 1, 5].sigmoid().item<double>() * 950;
        Assert.Equal(expected, fc[0, 1, 2].item<double>(), 12);
        Assert.Equal(expected, fc[9, 1, 2].item<double>(), 12);
        Assert.Equal(0, fc.stride(0));
        Assert.Equal(new long[] { 2, 3 }, mapped.Distinct["parFC"].shape);

        // parK0 (i = 2) is dynamic: day 5 + t of the raw output.
        var k0 = mapped.Physical["parK0"];
        Assert.Equal(0.05 + raw[7, 0, 2 * 3 + 1].sigmoid().item<double>() * 0.85, k0[2, 0, 1].item<double>(), 12);

        // Routing: channels 42, 43 at day T − 1 = 19 of the whole sequence.
        Assert.Equal(raw[19, 1, 43].sigmoid().item<double>() * 6.5, mapped.Routing![1, 1].item<double>(), 12);
    }

    [Fact]
    public void Map_AllStatic_TakesDynamicParametersFromTheLastDayToo()
    {
        using var scope = NewDisposeScope();
        var mapper = new ParameterMapper(Model("parK0"));
        var raw = randn(8, 1, mapper.Width, generator: new Generator(2), dtype: ScalarType.Float64);
        var k0 = mapper.Map(raw, 0, 4, allStatic: true).Physical["parK0"];
        Assert.Equal(0, k0.stride(0));
        Assert.Equal(0.05 + raw[3, 0, 6].sigmoid().item<double>() * 0.85, k0[0, 0, 0].item<double>(), 12);
    }

    [Fact]
    public void DynamicDropout_AppliesOnlyInTraining_PerBasin()
    {
        using var scope = NewDisposeScope();
        var mapper = new ParameterMapper(Model("parBETA"), dynamicDropout: 0.5);
        var raw = randn(30, 64, mapper.Width, generator: new Generator(3), dtype: ScalarType.Float64);
        var eval = mapper.Map(raw, 0, 30).Physical["parBETA"];
        var train = mapper.Map(raw, 0, 30, training: true, generator: new Generator(9)).Physical["parBETA"];
        var staticValue = eval[29].unsqueeze(0);
        var isStatic = (train - staticValue).abs().amax([0, 2]).lt(1e-15);            // [B]: whole basin replaced
        var dropped = isStatic.sum().item<long>();
        Assert.InRange(dropped, 16, 48);
        Assert.True((train - eval).abs().amax([0, 2]).masked_select(isStatic.logical_not()).max().item<double>() == 0);
        Assert.Throws<ArgumentNullException>(() => mapper.Map(raw, 0, 30, training: true));
    }

    [Fact]
    public void Map_Gradient_EqualsAutogradOfTheSigmoidMapping()
    {
        // The mapper's own backward node must give what autograd gives for θ = lo + σ(raw)·(hi − lo) built from views:
        // static parameters from the slice's last day, dynamic ones per day, routing from the sequence's last day.
        using var scope = NewDisposeScope();
        var model = Model("parBETA", "parK0");
        var mapper = new ParameterMapper(model);
        int P = model.Declarations.Parameters.Count, C = model.Options.Components;
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var raw = randn(new long[] { 12, 4, mapper.Width }, generator: new Generator(4), dtype: dtype);
            var weights = randn(new long[] { 7, 4, C }, generator: new Generator(5), dtype: dtype);
            var routeWeights = randn(new long[] { 4, 2 }, generator: new Generator(6), dtype: dtype);

            Tensor Loss(MappedParameters m) =>
                m.Physical.Values.Select(p => (p * weights).sum()).Aggregate((a, b) => a + b) + (m.Routing! * routeWeights).sum();

            var x1 = raw.clone().requires_grad_();
            var mapped = mapper.Map(x1, 3, 7);                                              // days 3…9
            Loss(mapped).backward();

            var x2 = raw.clone().requires_grad_();
            var reference = new Dictionary<string, Tensor>();
            for (int i = 0; i < P; i++)
            {
                var spec = model.Declarations.Parameters[i];
                var theta = x2[3..10, .., (i * C)..((i + 1) * C)].sigmoid() * (spec.Upper - spec.Lower) + spec.Lower;   // [7, 4, C]
                reference[spec.Name] = model.Options.DynamicParameters.Contains(spec.Name) ? theta : theta[6].unsqueeze(0).expand(7, 4, C);
            }
            var lo = tensor(model.Declarations.RoutingParameters.Select(p => p.Lower).ToArray(), dtype: dtype);
            var sp = tensor(model.Declarations.RoutingParameters.Select(p => p.Upper - p.Lower).ToArray(), dtype: dtype);
            var routing = lo + x2[11, .., (P * C)..].sigmoid() * sp;
            Loss(new MappedParameters(reference, reference, routing)).backward();

            // Equal up to the last bits of σ: the mapper runs the dynamic sigmoid on a contiguous copy, where libtorch
            // takes its vectorized kernel (AVX-512, AVX2 or scalar by CPU); on the strided view it takes the scalar one.
            foreach (var (name, value) in mapped.Physical)
                Tolerance.AssertClose(reference[name], value, Tolerance.Relative(dtype), $"{name} ({dtype})");
            Assert.True(x1.grad!.allclose(x2.grad!, rtol: 1e-6, atol: 1e-7), $"gradient ({dtype}) differs");
            var g = x1.grad!.to(ScalarType.Float64);                                       // nothing outside the slice but routing
            Assert.Equal(0, g[..3].abs().sum().item<double>() + g[10].abs().sum().item<double>() + g[11, .., ..(P * C)].abs().sum().item<double>());
        }
    }

    [Fact]
    public void Map_WrongWidth_ExplainsLayout()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new ParameterMapper(Model()).Map(zeros(5, 1, 10), 0, 5));
        Assert.Contains("14 parameters × 3 components + 2 routing", e.Message);
    }
}
