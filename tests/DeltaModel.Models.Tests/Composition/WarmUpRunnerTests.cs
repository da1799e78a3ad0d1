using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

public class WarmUpRunnerTests
{
    static WarmUpResult RunHbv(bool carry, bool? warmUpWithoutGradient = null, string name = "hbv")
    {
        var model = ModelRegistry.CreatePhysics(name, new PhysicsOptions
        {
            Components = 2, CarryRoutingThroughWarmUp = carry, WarmUpWithoutGradient = warmUpWithoutGradient,
        });
        var mapper = new ParameterMapper(model);
        var gen = new Generator(8);
        var forcings = HbvTestData.Forcings(400, 2, ScalarType.Float64, gen);
        var raw = randn(400, 2, mapper.Width, generator: gen, dtype: ScalarType.Float64).requires_grad_();
        return new WarmUpRunner(model, mapper, 300).Run(forcings, raw);
    }

    [Fact]
    public void SpinUp_CropsToRunDays_AndKeepsWarmUpEndState()
    {
        using var scope = NewDisposeScope();
        var r = RunHbv(carry: false);
        Assert.Equal(100, r.Result.Series["streamflow"].shape[0]);
        Assert.NotNull(r.WarmUpEndState);
        Assert.False(r.WarmUpEndState!.Stores.requires_grad);
        Assert.Null(r.WarmUpEndState.RoutingHistory);
        Assert.True(r.Result.Series["streamflow"].requires_grad);
    }

    [Fact]
    public void CarriedRouting_FirstDaysIncludeWaterInTransit_LaterDaysUnchanged()
    {
        using var scope = NewDisposeScope();
        var cold = RunHbv(carry: false).Result.Series["streamflow"];
        var carried = RunHbv(carry: true).Result.Series["streamflow"];
        Assert.True((carried[0] - cold[0]).min().item<double>() > 0, "carried routing must deliver water generated during warm-up");
        Assert.True((carried[TensorIndex.Slice(14)] - cold[TensorIndex.Slice(14)]).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void CropMode_RunsAllDaysWithGradient_AndCropsSeries()
    {
        using var scope = NewDisposeScope();
        var r = RunHbv(carry: true, name: "hbv_1_1p");
        Assert.Null(r.WarmUpEndState);
        Assert.Equal(100, r.Result.Series["capillary"].shape[0]);
        Assert.Equal(400, r.Parameters.Physical["parFC"].shape[0]);
    }
}
