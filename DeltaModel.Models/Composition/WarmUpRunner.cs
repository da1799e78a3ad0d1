using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// Runs a physics model over a sequence whose first <c>W</c> days are warm-up (spec §1.3), in one of two modes chosen
/// by <see cref="IPhysicsModel.WarmUpWithoutGradient"/>:
/// <list type="bullet">
/// <item><b>Spin-up</b> (HBV 1.0, <c>warm_up_states: true</c>): days <c>0…W−1</c> run without gradient, every
/// parameter static at its day-<c>W−1</c> value; days <c>W…T−1</c> then run with gradient from that state (static
/// parameters from day <c>T−1</c>, dynamic ones per day).</item>
/// <item><b>Crop</b> (HBV 1.1p, <c>warm_up_states: false</c>): all <c>T</c> days run with gradient (static from day
/// <c>T−1</c>), and the first <c>W</c> days are dropped from every series (not from BFI).</item>
/// </list>
/// Routing (spin-up mode): by default the water generated in the last days of warm-up stays in transit into the run
/// (<see cref="PhysicsOptions.CarryRoutingThroughWarmUp"/>); deviation, spec §10.16 — the original restarts routing
/// empty after warm-up, so its first ≈14 days miss water. Routing parameters always come from the last day, <c>T−1</c>.
/// </summary>
public sealed class WarmUpRunner
{
    readonly IPhysicsModel model;
    readonly ParameterMapper mapper;

    /// <param name="model">The physics model.</param>
    /// <param name="mapper">Maps the raw network output to its parameters.</param>
    /// <param name="warmUp">Warm-up days W (≥ 0).</param>
    public WarmUpRunner(IPhysicsModel model, ParameterMapper mapper, int warmUp)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.mapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        ArgumentOutOfRangeException.ThrowIfNegative(warmUp);
        WarmUp = warmUp;
    }

    /// <summary>Warm-up days W.</summary>
    public int WarmUp { get; }

    /// <summary>
    /// What <see cref="Run"/> reads of a raw output of <paramref name="days"/> days (a network may skip the rest):
    /// in spin-up mode per-day channels from day <c>W−1</c> (the spin-up takes every parameter at <c>W−1</c>) and every
    /// channel on days <c>W−1</c> and <c>T−1</c>; in crop mode per-day channels on all days and every channel on <c>T−1</c>.
    /// </summary>
    public Neural.OutputPlan OutputPlan(long days) =>
        model.WarmUpWithoutGradient && WarmUp > 0
            ? new Neural.OutputPlan(WarmUp - 1, [WarmUp - 1, days - 1])
            : new Neural.OutputPlan(0, [days - 1]);

    /// <summary>Runs the sequence.</summary>
    /// <param name="forcings">Physics forcings <c>[T, B, F]</c>, warm-up included, physical units.</param>
    /// <param name="raw">Raw network output <c>[T, B, mapper.Width]</c>.</param>
    /// <param name="initialState">State before day 0; null = the model's initial state.</param>
    /// <param name="training">Training mode (dy_drop on).</param>
    /// <param name="generator">Random stream for dy_drop.</param>
    /// <param name="attributes">Static attributes the physics asked for (<see cref="PhysicsDeclarations.Attributes"/>), by name, each <c>[B]</c>.</param>
    public WarmUpResult Run(Tensor forcings, Tensor raw, PhysicsState? initialState = null, bool training = false, Generator? generator = null,
        IReadOnlyDictionary<string, Tensor>? attributes = null)
    {
        long T = forcings.shape[0];
        if (raw.shape[0] != T || raw.shape[1] != forcings.shape[1])
            throw new ArgumentException($"raw network output [{string.Join(", ", raw.shape)}] and forcings [{string.Join(", ", forcings.shape)}] must share T and B.");
        if (WarmUp >= T) throw new ArgumentException($"warm-up ({WarmUp} days) must be shorter than the sequence ({T} days).");

        if (!model.WarmUpWithoutGradient || WarmUp == 0)
        {
            var all = mapper.Map(raw, 0, T, training: training, generator: generator);
            var full = model.Run(new PhysicsInput
            {
                Forcings = forcings, Parameters = all.Physical, Routing = all.Routing, Attributes = attributes, InitialState = initialState,
            });
            return new WarmUpResult(WarmUp == 0 ? full : full.CropDays(WarmUp), null, all);
        }

        var warmEnd = SpinUp(forcings[TensorIndex.Slice(0, WarmUp)], raw[TensorIndex.Slice(0, WarmUp)], initialState, attributes);
        var run = mapper.Map(raw, WarmUp, T - WarmUp, training: training, generator: generator);
        var output = model.Run(new PhysicsInput
        {
            Forcings = forcings[TensorIndex.Slice(WarmUp)], Parameters = run.Physical, Routing = run.Routing, Attributes = attributes, InitialState = warmEnd,
        });
        return new WarmUpResult(output, warmEnd, run);
    }

    /// <summary>
    /// The spin-up of spin-up mode on its own: all days of <paramref name="forcings"/> without gradient, every parameter
    /// static at its last-day value; the routing history is kept when <see cref="PhysicsOptions.CarryRoutingThroughWarmUp"/>.
    /// <see cref="Run"/> calls it on its warm-up days; a day-by-day run (<see cref="ModelStepper"/>) on its own.
    /// </summary>
    /// <param name="forcings">Physics forcings of the spin-up days <c>[W, B, F]</c>.</param>
    /// <param name="raw">Raw network output of those days <c>[W, B, mapper.Width]</c>.</param>
    /// <param name="initialState">State before the first day; null = the model's initial state.</param>
    /// <param name="attributes">Static attributes the physics asked for, by name, each <c>[B]</c>.</param>
    /// <returns>The state after the last day, detached.</returns>
    public PhysicsState SpinUp(Tensor forcings, Tensor raw, PhysicsState? initialState = null, IReadOnlyDictionary<string, Tensor>? attributes = null)
    {
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var spin = mapper.Map(raw, 0, raw.shape[0], allStatic: true);
            var result = model.Run(new PhysicsInput
            {
                Forcings = forcings, Parameters = spin.Physical, Attributes = attributes, InitialState = initialState, StatesOnly = true,
            });
            var carry = model.Options.CarryRoutingThroughWarmUp ? result.FinalState.RoutingHistory?.detach() : null;
            return new PhysicsState(result.FinalState.Stores.detach().MoveToOuterDisposeScope(), carry?.MoveToOuterDisposeScope());
        }
    }
}
