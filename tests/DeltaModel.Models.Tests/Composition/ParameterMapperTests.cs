using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
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
    public void Map_WrongWidth_ExplainsLayout()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new ParameterMapper(Model()).Map(zeros(5, 1, 10), 0, 5));
        Assert.Contains("14 parameters × 3 components + 2 routing", e.Message);
    }
}
