using DeltaModel.Models.Routing;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Routing;

public class GammaUnitHydrographTests
{
    [Fact]
    public void Weights_SumToOne_WithDailyLength15()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(3);
        var a = rand(50, generator: gen, dtype: ScalarType.Float64) * 2.9;
        var b = rand(50, generator: gen, dtype: ScalarType.Float64) * 6.5;
        var w = GammaUnitHydrograph.Weights(a, b);
        Assert.Equal(new long[] { 50, 15 }, w.shape);
        Assert.True((w.sum(1) - 1).abs().max().item<double>() < 1e-14);
        Assert.True(w.min().item<double>() > 0);
    }

    [Fact]
    public void Weights_AtBoundExtremes_MatchSpecShapes()
    {
        using var scope = NewDisposeScope();
        var w = GammaUnitHydrograph.Weights(tensor(new[] { 0.0, 2.9 }), tensor(new[] { 0.0, 6.5 }));
        // a = b = 0: α = 0.1, θ = 0.5, very front-loaded. a = 2.9, b = 6.5: α = 3, θ = 7, mode (α−1)θ = 14 d.
        Assert.True(w[0, 0].item<double>() > 0.8);
        Assert.Equal(14, w[1].argmax().item<long>());
    }

    [Fact]
    public void Route_ImpulseResponse_IsTheKernel()
    {
        using var scope = NewDisposeScope();
        var w = GammaUnitHydrograph.Weights(tensor(new[] { 1.0, 2.0 }), tensor(new[] { 2.0, 4.0 }));
        var x = zeros(30, 2, 1, dtype: ScalarType.Float64);
        x[3] = ones(2, 1, dtype: ScalarType.Float64);
        var y = GammaUnitHydrograph.Route(x, w);                                     // [30, 2, 1]
        Assert.True((y[TensorIndex.Slice(3, 18), .., 0].T - w).abs().max().item<double>() < 1e-15);
        Assert.Equal(0, y[TensorIndex.Slice(0, 3)].abs().sum().item<double>());
        Assert.Equal(0, y[TensorIndex.Slice(18)].abs().sum().item<double>());
    }

    [Fact]
    public void Route_ConservesMass_CountingWaterInTransit()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(4);
        var w = GammaUnitHydrograph.Weights(rand(3, generator: gen, dtype: ScalarType.Float64) * 2.9, rand(3, generator: gen, dtype: ScalarType.Float64) * 6.5);
        var history = rand(14, 3, 2, generator: gen, dtype: ScalarType.Float64) * 5;
        var x = rand(100, 3, 2, generator: gen, dtype: ScalarType.Float64) * 5;
        var y = GammaUnitHydrograph.Route(x, w, history);
        var next = GammaUnitHydrograph.NextHistory(x, history);
        var before = x.sum(0L) + GammaUnitHydrograph.InTransit(history, w);
        var after = y.sum(0L) + GammaUnitHydrograph.InTransit(next, w);
        Assert.True((before - after).abs().max().item<double>() < 1e-10);
    }

    [Fact]
    public void Route_InTwoChunksWithHistory_EqualsOneRun()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(5);
        var w = GammaUnitHydrograph.Weights(tensor(new[] { 1.3, 0.2 }), tensor(new[] { 2.6, 5.0 }));
        var x = rand(60, 2, 3, generator: gen, dtype: ScalarType.Float64);
        var whole = GammaUnitHydrograph.Route(x, w);
        var first = x[TensorIndex.Slice(0, 25)];
        var second = x[TensorIndex.Slice(25)];
        var y1 = GammaUnitHydrograph.Route(first, w);
        var y2 = GammaUnitHydrograph.Route(second, w, GammaUnitHydrograph.NextHistory(first, null));
        Assert.True((cat([y1, y2], 0) - whole).abs().max().item<double>() < 1e-14);
    }

    [Fact]
    public void Route_WrongHistoryShape_SaysWhatItExpected()
    {
        using var scope = NewDisposeScope();
        var w = GammaUnitHydrograph.Weights(tensor(new[] { 1.0 }), tensor(new[] { 1.0 }));
        var e = Assert.Throws<ArgumentException>(() => GammaUnitHydrograph.Route(zeros(10, 1, 1, dtype: ScalarType.Float64), w, zeros(3, 1, 1, dtype: ScalarType.Float64)));
        Assert.Contains("[14, 1, 1]", e.Message);
    }
}
