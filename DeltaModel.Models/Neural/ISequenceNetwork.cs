using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Neural;

/// <summary>
/// A network that maps a sequence of inputs <c>[T, B, nx]</c> to a sequence of outputs <c>[T, B, ny]</c>: what a model
/// composition needs from any network (LSTM, MLP applied per day, …), whatever its internals.
/// </summary>
public interface ISequenceNetwork
{
    /// <summary>The module holding the network's weights.</summary>
    nn.Module Module { get; }

    long InputSize { get; }
    long OutputSize { get; }

    /// <summary>
    /// Runs the sequence; the first <paramref name="noGradSteps"/> steps may run without gradient (truncated
    /// backpropagation at the warm-up boundary) where the network carries state across steps.
    /// </summary>
    Tensor Forward(Tensor x, long noGradSteps);

    /// <summary>
    /// Like <see cref="Forward(Tensor, long)"/>, computing only the entries <paramref name="plan"/> says are read; the
    /// others are zero. A network that cannot skip anything returns its whole output (a superset of the plan).
    /// </summary>
    Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan) => Forward(x, noGradSteps);

    /// <summary>Per-step training randomness (DropConnect masks); dispose after backward, before the optimizer step.</summary>
    IDisposable BeginTrainingStep(Generator generator);
}
