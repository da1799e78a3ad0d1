using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Training;

/// <summary>
/// The network precision a training run actually uses: <see cref="TrainConfig.NetworkPrecision"/> where the hardware
/// runs it natively, else float32 with a warning. Falling back rather than refusing keeps one experiment file usable on
/// every machine (the science is the same within bfloat16's rounding; docs/configuration.md), and the precision used is
/// recorded in the training log line and <c>results.json</c>.
/// </summary>
public static class TrainingPrecision
{
    /// <param name="requested">train.network_precision.</param>
    /// <param name="nativeBFloat16">Whether the device multiplies bfloat16 natively (<see cref="Tensors.NativeBFloat16"/>).</param>
    /// <returns>The precision to train in, and a warning when it is not the one requested.</returns>
    public static (string Used, string? Warning) Resolve(string requested, bool nativeBFloat16)
    {
        Trainer.NetworkDType(requested);                                          // rejects an unknown name
        if (requested != "bfloat16" || nativeBFloat16) return (requested, null);
        return ("float32", "warning: train.network_precision is bfloat16, but this device has no native bfloat16 arithmetic " +
                           "(a CPU with AVX512-BF16 or AMX, or a GPU); training in float32 instead, which is faster here.");
    }
}
