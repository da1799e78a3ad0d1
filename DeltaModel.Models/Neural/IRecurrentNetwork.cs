using static TorchSharp.torch;

namespace DeltaModel.Models.Neural;

/// <summary>
/// A sequence network whose output on day t depends only on days ≤ t, through a state it carries from one day to the
/// next: what a run split in two, or stepped one day at a time, needs (<see cref="Composition.ModelStepper"/>).
/// </summary>
public interface IRecurrentNetwork : ISequenceNetwork
{
    /// <summary>Width H of the carried state (0 when it carries none, e.g. an MLP branch alone).</summary>
    long StateSize { get; }

    /// <summary>
    /// Whether the channels read once per basin (static and routing parameters) come from a head without a time axis,
    /// so their value is the same whatever day a sequence ends on. A network without one (the plain LSTM) gives
    /// static parameters that depend on the sequence's last day (spec §10.15), which a day-by-day run cannot know.
    /// </summary>
    bool HasStaticHead { get; }

    /// <summary>Runs <paramref name="x"/> <c>[t, B, nx]</c> on from <paramref name="state"/> (null = zeros), without skipping anything.</summary>
    /// <returns>The output <c>[t, B, ny]</c> and the state after the last day (null when <see cref="StateSize"/> is 0).</returns>
    (Tensor Output, RecurrentState? Next) Continue(Tensor x, RecurrentState? state);
}

/// <summary>An LSTM's state after a day: hidden <paramref name="H"/> and cell <paramref name="C"/>, each <c>[B, H]</c>.</summary>
public sealed record RecurrentState(Tensor H, Tensor C)
{
    /// <summary>Moves both tensors out of the current dispose scope; returns this.</summary>
    public RecurrentState MoveToOuterDisposeScope()
    {
        H.MoveToOuterDisposeScope();
        C.MoveToOuterDisposeScope();
        return this;
    }
}
