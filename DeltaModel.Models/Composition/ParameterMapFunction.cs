using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// The sigmoid mapping of <see cref="ParameterMapper.Map"/> as one autograd node: <c>θ = lo + σ(raw)·(hi − lo)</c> for
/// the channels a slice needs — the last day of the slice for a static parameter (<c>[B, C]</c>), every day for a
/// dynamic one (<c>[T', B, C]</c>), the last day of the sequence for the routing parameters (<c>[B, R]</c>).
/// <para>Why a node of its own: built from views (<c>raw[days, :, channels]</c> per parameter), libtorch's backward
/// materializes a zero-filled gradient of the viewed tensor's full shape for every view and sums them — 13 × 30 MB
/// for a δHBV minibatch — while the mapping itself touches a few MB. This backward writes each output's gradient
/// into one zero <c>[T, B, W]</c> buffer. The arithmetic is the one autograd would do, in the same order
/// (<c>g·span</c>, then libtorch's sigmoid backward <c>g·(1 − y)·y</c>), so values and gradients are those of autograd,
/// up to the last bit of σ (dynamic slices are made contiguous first, where libtorch's vectorized σ runs).</para>
/// </summary>
internal sealed class ParameterMapFunction : autograd.MultiTensorFunction<ParameterMapFunction>
{
    /// <summary>What one call maps.</summary>
    /// <param name="Start">First day of the slice.</param>
    /// <param name="Length">Days in the slice.</param>
    /// <param name="Components">C.</param>
    /// <param name="Lower">Lower bound per physical parameter.</param>
    /// <param name="Span">Upper − lower per physical parameter.</param>
    /// <param name="Dynamic">Per physical parameter: one value per day (else the slice's last day only).</param>
    /// <param name="RouteLower">Lower bound per routing parameter (channels after the physical ones).</param>
    /// <param name="RouteSpan">Upper − lower per routing parameter.</param>
    /// <param name="KeepForBackward">Whether a backward will follow (gradient on and raw requiring it): the node's forward
    /// runs with gradient off, so the caller decides.</param>
    internal sealed record Plan(long Start, long Length, int Components, double[] Lower, double[] Span, bool[] Dynamic,
        double[] RouteLower, double[] RouteSpan, bool KeepForBackward);

    public override string Name => "ParameterMap";

    /// <summary>Maps <paramref name="raw"/> <c>[T, B, W]</c>: one tensor per physical parameter, then routing <c>[B, R]</c> if R &gt; 0.</summary>
    public static List<Tensor> Map(Plan plan, Tensor raw) => apply(plan, raw);

    sealed class Saved
    {
        public required Plan Plan;
        public required long[] RawShape;
        public required ScalarType DType;
        public required Device Device;
        public required Tensor?[] Sigmoids;     // σ(raw) behind each output, same order
        public Tensor? RouteSpan;
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var plan = (Plan)vars[0];
        var raw = (Tensor)vars[1];
        long T = raw.shape[0];
        int C = plan.Components, P = plan.Lower.Length, R = plan.RouteLower.Length;
        bool keep = plan.KeepForBackward;
        var outputs = new List<Tensor>(P + 1);
        var sigmoids = new Tensor?[P + 1];
        using var noGrad = no_grad();
        for (int i = 0; i < P; i++)
        {
            var channels = TensorIndex.Slice(i * C, (i + 1) * C);
            // A dynamic slice is copied out before the sigmoid: libtorch's elementwise kernels run ~30× slower on the
            // strided [T', B, C] view of [T, B, W] (C of W channels) than on contiguous memory (bench simulate-parts).
            var y = plan.Dynamic[i]
                ? raw[TensorIndex.Slice(plan.Start, plan.Start + plan.Length), .., channels].contiguous().sigmoid_()     // [T', B, C]
                : raw[plan.Start + plan.Length - 1, .., channels].sigmoid();                              // [B, C]
            outputs.Add(y.mul(Kept(plan.Span[i])).Plus(plan.Lower[i]));
            if (keep) sigmoids[i] = y.DetachFromDisposeScope();
            else y.Dispose();
        }
        Tensor? routeSpan = null;
        if (R > 0)
        {
            var y = raw[T - 1, .., TensorIndex.Slice(P * C, P * C + R)].sigmoid();                        // [B, R]
            using var lo = tensor(plan.RouteLower, dtype: raw.dtype, device: raw.device);
            routeSpan = tensor(plan.RouteSpan, dtype: raw.dtype, device: raw.device);
            outputs.Add(lo.Plus(y * routeSpan));
            if (keep) { sigmoids[P] = y.DetachFromDisposeScope(); routeSpan.DetachFromDisposeScope(); }
            else { y.Dispose(); routeSpan.Dispose(); routeSpan = null; }
        }
        // Outputs without a gradient (e.g. routing when the loss ignores it) arrive as undefined tensors, not zeros:
        // TorchSharp would build those zeros from a shape cache that lives in the caller's dispose scope.
        ctx.set_materialize_grads(false);
        if (keep)
            ctx.save_data("saved", new Saved { Plan = plan, RawShape = raw.shape, DType = raw.dtype, Device = raw.device, Sigmoids = sigmoids, RouteSpan = routeSpan });
        return outputs;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var s = (Saved)ctx.get_data("saved");
        var plan = s.Plan;
        int C = plan.Components, P = plan.Lower.Length;
        long T = s.RawShape[0];
        var gRaw = zeros(s.RawShape, dtype: s.DType, device: s.Device);
        using (var scope = NewDisposeScope())
        {
            for (int i = 0; i < s.Sigmoids.Length; i++)
            {
                if (s.Sigmoids[i] is not { } y || i >= grads.Count || grads[i] is not { } g || g.IsInvalid) continue;
                // Autograd's chain for θ = lo + y·span, y = σ(x): g·span, then g·(1 − y)·y.
                var gy = i < P ? g.mul(Kept(plan.Span[i])) : g.mul(s.RouteSpan!);
                var gx = gy.mul(y.neg().Plus(1)).mul(y);                         // −y + 1 rounds as 1 − y
                var target = i == P
                    ? gRaw[T - 1, .., TensorIndex.Slice(P * C, P * C + plan.RouteLower.Length)]
                    : plan.Dynamic[i]
                        ? gRaw[TensorIndex.Slice(plan.Start, plan.Start + plan.Length), .., TensorIndex.Slice(i * C, (i + 1) * C)]
                        : gRaw[plan.Start + plan.Length - 1, .., TensorIndex.Slice(i * C, (i + 1) * C)];
                target.copy_(gx);
            }
        }
        foreach (var y in s.Sigmoids) y?.Dispose();
        s.RouteSpan?.Dispose();
        return [null!, gRaw];
    }
}
