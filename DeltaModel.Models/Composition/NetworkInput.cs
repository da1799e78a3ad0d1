using DeltaModel.Core.Sampling;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>The network's per-day input: normalized forcings with the normalized static attributes repeated every day.</summary>
public static class NetworkInput
{
    /// <returns><c>[T, b, nf + na]</c>.</returns>
    public static Tensor Of(ModelBatch batch)
    {
        var forcings = batch.NetworkForcings;                                   // [T, b, nf]
        if (batch.NetworkAttributes.shape[1] == 0) return forcings.alias();
        var attributes = batch.NetworkAttributes.unsqueeze(0)                   // [1, b, na]
            .expand(forcings.shape[0], -1, -1);
        if (forcings.shape[2] == 0) return attributes.contiguous();
        return cat([forcings, attributes], 2);
    }

    /// <summary>Input width for <paramref name="spec"/>.</summary>
    public static int Width(InputSpec spec) => spec.NetworkForcings.Count + spec.NetworkAttributes.Count;
}
