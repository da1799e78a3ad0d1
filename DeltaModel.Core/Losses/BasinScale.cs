using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>Turns <see cref="LossContext.BasinStd"/> into a <c>[b]</c> tensor beside the prediction, with clear errors.</summary>
internal static class BasinScale
{
    public static Tensor Of(LossContext context, Tensor prediction, string lossName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var std = context.BasinStd ?? throw new ArgumentException(
            $"loss '{lossName}' needs the standard deviation of each basin's training target; build the context with " +
            "LossContext.ForSampledBasins(BasinStd.FromTrainingTarget(target), basins), or use LossFunctionFactory.", nameof(context));
        long b = prediction.shape[1];
        if (std.Count != b)
            throw new ArgumentException($"loss '{lossName}': the context holds σ for {std.Count} basins, the batch has {b} columns.", nameof(context));
        return tensor(std as double[] ?? std.ToArray(), dtype: prediction.dtype, device: prediction.device);   // [b]
    }
}
