using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// A minibatch with its missing observations neutralized. δMG indexes <c>p[mask]</c>; we keep the <c>[T, b]</c> shape and
/// replace masked entries by 0 in <em>both</em> prediction and target before any nonlinear operation, so a NaN or an
/// out-of-domain value at a masked position can neither reach the value nor turn into <c>0 · NaN</c> in the backward
/// pass (the backward of <see cref="torch.where(Tensor, Tensor, Tensor)"/> routes a zero gradient to masked entries).
/// </summary>
internal sealed class MaskedBatch
{
    MaskedBatch(Tensor mask, Tensor prediction, Tensor target, Tensor count)
    {
        Mask = mask;
        Prediction = prediction;
        Target = target;
        Count = count;
    }

    /// <summary>True where the target is observed (finite). <c>[T, b]</c>, bool.</summary>
    public Tensor Mask { get; }

    /// <summary>Prediction with masked entries set to 0. <c>[T, b]</c>.</summary>
    public Tensor Prediction { get; }

    /// <summary>Target with masked entries set to 0, in the prediction's dtype. <c>[T, b]</c>.</summary>
    public Tensor Target { get; }

    /// <summary>N_Ω, the number of observed entries, as a 0-d tensor in the prediction's dtype.</summary>
    public Tensor Count { get; }

    /// <summary>
    /// Validates shapes and builds the masked batch. Deviation (spec §4): δMG squeezes to 2-D and so breaks on a batch
    /// of one basin; we require <c>[T, b]</c> and accept b = 1.
    /// </summary>
    public static MaskedBatch From(Tensor prediction, Tensor target, string lossName)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.dim() != 2)
            throw new ArgumentException($"loss '{lossName}': prediction must be [T, b], got [{string.Join(", ", prediction.shape)}].", nameof(prediction));
        if (!prediction.shape.SequenceEqual(target.shape))
            throw new ArgumentException(
                $"loss '{lossName}': target shape [{string.Join(", ", target.shape)}] differs from prediction shape [{string.Join(", ", prediction.shape)}].",
                nameof(target));
        if (!prediction.is_floating_point())
            throw new ArgumentException($"loss '{lossName}': prediction must be a floating-point tensor, got {prediction.dtype}.", nameof(prediction));
        var y = target.to(prediction.dtype, prediction.device);
        var mask = isfinite(y);                                                 // [T, b]
        var zeros = zeros_like(prediction);                                     // [T, b]
        var p = where(mask, prediction, zeros);                                 // [T, b]
        var t = where(mask, y, zeros);                                          // [T, b]
        var count = mask.sum().to(prediction.dtype);                            // []
        return new MaskedBatch(mask, p, t, count);
    }

    /// <summary>Mean of <paramref name="term"/> over observed entries; exactly 0 (with a zero gradient) when none is observed.</summary>
    /// <param name="term">Per-entry values <c>[T, b]</c>; masked entries are ignored whatever they hold.</param>
    public Tensor MaskedMean(Tensor term) => where(Mask, term, zeros_like(term)).sum() / Count.clamp_min(Kept(1.0));

    /// <summary>
    /// √x with a finite gradient everywhere: 0 (and gradient 0) for x ≤ 0. Plain <c>sqrt</c> has an infinite derivative
    /// at 0, which turns a perfect fit or a constant prediction into a NaN gradient.
    /// </summary>
    public static Tensor SafeSqrt(Tensor x)
    {
        var positive = x.gt(Kept(0));
        return where(positive, sqrt(where(positive, x, ones_like(x))), zeros_like(x));
    }
}
