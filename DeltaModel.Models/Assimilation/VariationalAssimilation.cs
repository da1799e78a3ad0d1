using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Assimilation;

/// <summary>
/// Variational data assimilation with a trained, frozen <see cref="HybridModel"/> (issue 19, docs/assimilation.md):
/// the physics stores on the first day of a window of recent observations (and optionally a per-basin factor on one
/// forcing) are fitted by Adam so that the simulated target matches the window's observations, and the run goes on
/// from the fitted state as a forecast. What is adjusted is a state, never a weight: the network runs once, without
/// gradient, and its parameters are those of the open-loop simulation (the model's own batch run over the period).
/// <para>Unconstrained variables, all 0 at the open loop: z per store, basin and component, the store being
/// <c>(s₀ + 1 mm)·exp(z) − 1 mm</c>, at least 10⁻⁶ mm (so stores stay positive, a step moves a store by a fraction of
/// itself whatever its size, and an empty store can fill), and the log of the forcing factor. The routing history in
/// transit on the window's first day is the open-loop one.</para>
/// </summary>
public sealed class VariationalAssimilation : IDisposable
{
    readonly HybridModel model;
    readonly AssimilateConfig options;
    readonly Tensor forcings;                                  // [T', B, F] the scored days' physics forcings
    readonly IReadOnlyDictionary<string, Tensor> parameters;   // each [P, B, C], P = T' (+ W in crop mode)
    readonly Tensor? routing;                                  // [B, R]
    readonly IReadOnlyDictionary<string, Tensor>? attributes;  // each [B]
    readonly long offset;                                      // parameter day of scored day 0
    readonly int forcingIndex;
    PhysicsState? cached;                                      // open-loop state before scored day cachedDay
    long cachedDay;

    /// <summary>Runs the network (no gradient) and the open-loop simulation of <paramref name="batch"/> (warm-up included).</summary>
    /// <param name="batch">Every basin over the model's warm-up and the scored days, as a test chunk (<see cref="PreparedData.Chunk"/>).</param>
    /// <exception cref="ArgumentException">A forcing multiplier on a forcing the physics does not read.</exception>
    public VariationalAssimilation(HybridModel model, AssimilateConfig options, ModelBatch batch)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        var names = model.Physics.Declarations.Forcings;
        forcingIndex = options.ForcingMultiplier is { } f ? IndexOf(names, f) : -1;
        if (model.Postprocessor is not null)
            throw new NotSupportedException("assimilation adjusts the physics' stores; a model with a residual post-processor ('model.postprocessor') is not supported.");
        model.Module.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var x = NetworkInput.Of(batch);
        int W = model.WarmUp;
        var raw = model.Network.Forward(x, 0, model.Runner.OutputPlan(x.shape[0]));               // [T, B, ny]: as the batch run's forward
        attributes = model.PhysicsAttributes(batch);
        var run = model.Runner.Run(batch.PhysicsForcings, raw, attributes: attributes);
        bool spunUp = run.WarmUpEndState is not null;
        offset = spunUp ? 0 : W;
        parameters = run.Parameters.Physical;
        routing = run.Parameters.Routing;
        forcings = batch.PhysicsForcings[W..].clone();                                              // [T', B, F]
        OpenLoop = run.Result.Series[model.TargetOutput].clone();                                   // [T', B]
        cached = spunUp ? run.WarmUpEndState! : StateBefore(null, 0, W, allDays: batch.PhysicsForcings);
        cachedDay = 0;
        // Kept for the assimilations to come; freed by Dispose.
        foreach (var t in Kept) t.DetachFromDisposeScope();
    }

    IEnumerable<Tensor> Kept => new[] { forcings, OpenLoop, routing, cached?.Stores, cached?.RoutingHistory }.OfType<Tensor>()
        .Concat(parameters.Values).Concat(attributes?.Values ?? []);

    /// <summary>The open-loop simulation of the target over the scored days <c>[T', B]</c>.</summary>
    public Tensor OpenLoop { get; }

    /// <summary>Scored days T'.</summary>
    public long Days => forcings.shape[0];

    /// <summary>
    /// Assimilates the window before scored day <paramref name="start"/> and forecasts <see cref="AssimilateConfig.Lead"/>
    /// days from it. Starts must come in increasing order (the open-loop state is carried forward between them).
    /// </summary>
    /// <param name="start">Scored day of the forecast's first day; at least <see cref="AssimilateConfig.Window"/>.</param>
    /// <param name="observed">The observed target over the scored days <c>[T', B]</c>, NaN where missing.</param>
    public AssimilationOutcome Assimilate(long start, Tensor observed)
    {
        long W = options.Window, L = Math.Min(options.Lead, Days - start);
        if (start < W || L < 1) throw new ArgumentOutOfRangeException(nameof(start), $"a forecast start needs {W} window days before it and a day after; got day {start} of {Days}.");
        if (start - W < cachedDay) throw new ArgumentException($"forecast starts must increase: day {start} comes after {cachedDay + W}.");
        using var scope = NewDisposeScope();
        PhysicsState first;
        using (no_grad())
        {
            var moved = StateBefore(cached, cachedDay, start - W);
            Replace(moved, start - W);
            first = moved;
        }
        var window = Slice(observed, start - W, start);                                          // [W, B]
        long B = forcings.shape[1];
        // The unknowns, both 0 at the open loop: z scales each store on the window's first day (plus an offset, so an
        // empty store can fill), u is the log of the forcing factor.
        var shifted = first.Stores + StoreOffset;                                                // [S, B, C]
        using var zp = new TorchSharp.Modules.Parameter(zeros_like(first.Stores), requires_grad: true);   // [S, B, C]
        using var up = new TorchSharp.Modules.Parameter(zeros(B, dtype: forcings.dtype, device: forcings.device), requires_grad: forcingIndex >= 0);   // [B]
        using var adam = optim.Adam(forcingIndex >= 0 ? [zp, up] : [zp], lr: options.LearningRate);
        double before = double.NaN, after = double.NaN;
        for (int it = 0; it <= options.Iterations; it++)
        {
            using var step = NewDisposeScope();
            adam.zero_grad();
            var q = Run(start - W, start, new PhysicsState(Stores(shifted, zp), first.RoutingHistory), up);   // [W, B]
            var loss = SquaredError(q, window);
            double value = loss.to(ScalarType.Float64).item<double>();
            if (it == 0) before = value;
            after = value;
            if (it == options.Iterations) break;
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"assimilation before day {start}: the window loss is {value} at iteration {it}; try a smaller assimilate.lr.");
            loss.backward();
            // A store at a kink of its equations can still give a non-finite derivative: such an entry is not moved this step.
            foreach (var p in adam.parameters()) p.grad?.nan_to_num_(0, 0, 0);
            adam.step();
        }
        using (no_grad())
        {
            var assimilated = Slice(Run(start - W, start + L, new PhysicsState(Stores(shifted, zp), first.RoutingHistory), up), W, W + L); // [L, B]
            var factor = up.exp();
            return new AssimilationOutcome(start, before, after,
                assimilated.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(),
                Slice(OpenLoop, start, start + L).to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(),
                (int)L, factor.to(ScalarType.Float32).cpu().data<float>().ToArray());
        }
    }

    /// <summary>Offset [mm] of the multiplicative store update: a store is <c>(s₀ + offset)·exp(z) − offset</c>, kept ≥ <see cref="StoreFloor"/>.</summary>
    const double StoreOffset = 1.0;

    /// <summary>
    /// The smallest store the fit sets [mm]: the HBV equations raise stores to powers below 1 (soil moisture^β), whose
    /// derivative at an exactly empty store is infinite, and one NaN gradient would spoil the basin's whole fit.
    /// </summary>
    const double StoreFloor = 1e-6;

    /// <summary>The stores for unknowns <paramref name="z"/> (<paramref name="shifted"/> = open-loop stores + <see cref="StoreOffset"/>).</summary>
    static Tensor Stores(Tensor shifted, Tensor z) => (shifted * z.exp() - StoreOffset).clamp_min(StoreFloor);

    /// <summary>Mean over basins of the mean squared error over observed days [(unit of the target)²].</summary>
    /// <param name="observed">Observations <c>[t, B]</c>, NaN where missing.</param>
    static Tensor SquaredError(Tensor simulated, Tensor observed)
    {
        Tensor seen, filled, count;
        using (no_grad())
        {
            seen = observed.isnan().logical_not().to(simulated.dtype);                          // [t, B] 1 where observed
            filled = observed.nan_to_num().to(simulated.dtype);
            count = seen.sum([0L]).clamp_min(1);                                                    // [B]
        }
        return ((simulated - filled).square() * seen).sum([0L]).div(count).mean();
    }

    /// <summary>The target simulated over scored days <c>[from, to)</c> from <paramref name="state"/>, forcing factor exp(<paramref name="u"/>).</summary>
    Tensor Run(long from, long to, PhysicsState state, Tensor u) =>
        model.Physics.Run(Input(from, to, state, u)).Series[model.TargetOutput];

    PhysicsInput Input(long from, long to, PhysicsState? state, Tensor? u, Tensor? allDays = null)
    {
        var f = Slice(allDays ?? forcings, from, to);                    // [t, B, F]
        if (u is not null && forcingIndex >= 0)
        {
            var scale = ones(f.shape[2], f.shape[1], dtype: f.dtype, device: f.device).index_put_(u.exp().unsqueeze(0), TensorIndex.Single(forcingIndex));   // [F, B]
            f = f * scale.t().unsqueeze(0);
        }
        long p0 = allDays is null ? offset : 0;
        return new PhysicsInput
        {
            Forcings = f, Parameters = parameters.ToDictionary(kv => kv.Key, kv => Slice(kv.Value, p0 + from, p0 + to)),
            Routing = routing, Attributes = attributes, InitialState = state,
        };
    }

    /// <summary>The open-loop state before scored day <paramref name="to"/>, run on from <paramref name="state"/> before day <paramref name="from"/>.</summary>
    PhysicsState StateBefore(PhysicsState? state, long from, long to, Tensor? allDays = null)
    {
        if (to == from && state is not null) return new PhysicsState(state.Stores.clone(), state.RoutingHistory?.clone());
        return model.Physics.Run(Input(from, to, state, null, allDays)).FinalState.Detach();
    }

    void Replace(PhysicsState state, long day)
    {
        foreach (var t in new[] { state.Stores, state.RoutingHistory }.OfType<Tensor>()) t.DetachFromDisposeScope();
        cached?.Stores.Dispose();
        cached?.RoutingHistory?.Dispose();
        (cached, cachedDay) = (state, day);
    }

    /// <summary>Days <c>[from, to)</c> of a time-major tensor (a view).</summary>
    static Tensor Slice(Tensor t, long from, long to) => t.narrow(0, from, to - from);

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"assimilate.forcing_multiplier: the physics reads no forcing '{name}'; it reads {string.Join(", ", names)}.");
    }

    public void Dispose()
    {
        foreach (var t in Kept) t.Dispose();
        cached = null;
    }
}
