using DeltaModel.Models.Physics.HbvFamily.Fused;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics.Fused;

/// <summary>The fused kernel as an autograd node: gradients reach leaf tensors, static ones through their expansion.</summary>
public class HbvFusedTests
{
    static readonly (double Lo, double Hi)[] Bounds =
    [
        (1, 6), (50, 1000), (0.05, 0.9), (0.01, 0.5), (0.001, 0.2), (0.2, 1), (0, 10), (0, 100),
        (-2.5, 2.5), (0.5, 10), (0, 0.1), (0, 0.2), (0.3, 5), (0, 1),
    ];

    [Fact]
    public void Autograd_GradientsMatchFiniteDifferences_ForStaticAndDynamicLeaves()
    {
        const int T = 120, B = 3, C = 2;
        var gen = new Generator(5);
        using var scope = NewDisposeScope();
        var forcings = stack([
            rand(T, B, generator: gen, dtype: ScalarType.Float64) * 15,
            rand(T, B, generator: gen, dtype: ScalarType.Float64) * 20 - 5,
            rand(T, B, generator: gen, dtype: ScalarType.Float64) * 3], 2).requires_grad_();
        var leaves = new Tensor[13];
        var slots = new Tensor?[HbvFused.Slots.Count];
        for (int i = 0; i < 13; i++)
        {
            bool dynamic = i is 0 or 12;
            var u = 0.1 + 0.8 * rand(dynamic ? new long[] { T, B, C } : new long[] { B, C }, generator: gen, dtype: ScalarType.Float64);
            leaves[i] = (Bounds[i].Lo + u * (Bounds[i].Hi - Bounds[i].Lo)).requires_grad_();
            slots[i] = dynamic ? leaves[i] : leaves[i].unsqueeze(0).expand(T, B, C);
        }
        var init = full(new long[] { 5, B, C }, 0.001, dtype: ScalarType.Float64);
        var weights = rand(HbvFused.Channels.Count, T, B, generator: gen, dtype: ScalarType.Float64);   // fluxes and end-of-day stores
        var options = new HbvFusedOptions(BetaEt: true, Capillary: false, NearZero: 1e-5);

        double Loss()
        {
            using var s = NewDisposeScope();
            using var noGrad = no_grad();
            var slotsNow = slots.Select((p, i) => p is null ? null : i is 0 or 12 ? leaves[i] : leaves[i].unsqueeze(0).expand(T, B, C)).ToList();
            return (HbvFused.Run(forcings, slotsNow, init, options).Fluxes * weights).sum().item<double>();
        }

        var (fluxes, final) = HbvFused.Run(forcings, slots, init, options);
        Assert.Equal(new long[] { HbvFused.Channels.Count, T, B }, fluxes.shape);
        Assert.Equal(new long[] { 5, B, C }, final.shape);
        (fluxes * weights).sum().backward();

        void Check(Tensor leaf, long[] index)
        {
            double analytic = leaf.grad![index].item<double>();
            double h = 1e-5 * Math.Max(1, Math.Abs(leaf[index].item<double>()));
            using (no_grad()) leaf[index].add_(h);
            double up = Loss();
            using (no_grad()) leaf[index].sub_(2 * h);
            double down = Loss();
            using (no_grad()) leaf[index].add_(h);
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"analytic {analytic} vs FD {fd} at [{string.Join(",", index)}]");
        }

        Check(leaves[1], [1, 0]);     // static FC
        Check(leaves[2], [2, 1]);     // static K0
        Check(leaves[9], [0, 1]);     // static CFMAX
        Check(leaves[0], [50, 1, 0]); // dynamic BETA
        Check(leaves[12], [80, 2, 1]);// dynamic BETAET
        Check(forcings, [30, 0, 0]);  // prcp
        Check(forcings, [31, 2, 2]);  // pet
    }

    [Fact]
    public void NoGrad_SavesNothingForBackward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var forcings = ones(10, 2, 3);
        var slots = Enumerable.Range(0, HbvFused.Slots.Count).Select(i => i < 12 ? (Tensor?)full(new long[] { 10, 2, 4 }, 0.5f) : null).ToList();
        slots[1] = full(new long[] { 10, 2, 4 }, 100f);
        var (fluxes, _) = HbvFused.Run(forcings, slots, full(new long[] { 5, 2, 4 }, 0.001f), new HbvFusedOptions(false, false, 1e-5));
        Assert.False(fluxes.requires_grad);
        Assert.True(fluxes.isfinite().all().item<bool>());
    }
}
