using DeltaModel.Models.Physics;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// Maps a parameterization network's raw (unbounded) output to a physics model's parameters (spec §1.3, §2.1, §3.4):
/// <c>u = σ(raw)</c>, <c>θ = lo + u·(hi − lo)</c>.
/// <para>Raw channel layout, <c>raw [T, B, P·C + R]</c> with P = <see cref="PhysicsDeclarations.Parameters"/>.Count,
/// C = <see cref="PhysicsOptions.Components"/>, R = <see cref="PhysicsDeclarations.RoutingParameters"/>.Count:
/// channel <c>i·C + j</c> is physical parameter i (in <see cref="PhysicsDeclarations.Parameters"/> order) of component j;
/// channels <c>P·C + r</c> are the routing parameters, read at the <b>last day of the whole sequence</b> only.</para>
/// <para>Static parameters take the value of the <b>last day of the simulated slice</b>, repeated over the slice (a
/// stride-0 view: gradient reaches only that day's raw output). Dynamic ones take each day's value. This reproduces the
/// original; spec §10.15 explains why it is questionable (static values depend on where the sequence ends).</para>
/// </summary>
public sealed class ParameterMapper
{
    readonly IPhysicsModel model;
    readonly double[] lower, span, routeLower, routeSpan;
    readonly bool[] dynamic;

    /// <param name="model">The physics model to parameterize.</param>
    /// <param name="dynamicDropout">δMG's <c>dy_drop</c>: probability that, per basin and dynamic parameter, the dynamic
    /// series is replaced by the static value during training. Range: [0, 1].</param>
    public ParameterMapper(IPhysicsModel model, double dynamicDropout = 0)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        if (dynamicDropout is < 0 or > 1 || double.IsNaN(dynamicDropout))
            throw new ArgumentOutOfRangeException(nameof(dynamicDropout), dynamicDropout, "dy_drop must be a probability in [0, 1].");
        DynamicDropout = dynamicDropout;
        lower = model.Declarations.Parameters.Select(p => p.Lower).ToArray();
        span = model.Declarations.Parameters.Select(p => p.Upper - p.Lower).ToArray();
        routeLower = model.Declarations.RoutingParameters.Select(p => p.Lower).ToArray();
        routeSpan = model.Declarations.RoutingParameters.Select(p => p.Upper - p.Lower).ToArray();
        dynamic = model.Declarations.Parameters.Select(p => model.Options.DynamicParameters.Contains(p.Name)).ToArray();
    }

    /// <summary>The dy_drop probability.</summary>
    public double DynamicDropout { get; }

    /// <summary>Raw output width the network must produce: <c>P·C + R</c>.</summary>
    public int Width => model.Declarations.Parameters.Count * model.Options.Components + model.Declarations.RoutingParameters.Count;

    /// <summary>
    /// Per raw channel, whether <see cref="Map"/> reads it per day (dynamic parameters) or only on one day (static and
    /// routing parameters): what a network with a static head needs to know (<see cref="Neural.NetworkLayout"/>).
    /// </summary>
    public IReadOnlyList<bool> DynamicChannels =>
        [.. dynamic.SelectMany(d => Enumerable.Repeat(d, model.Options.Components)), .. Enumerable.Repeat(false, model.Declarations.RoutingParameters.Count)];

    /// <summary>Maps days <c>[start, start + length)</c> of the raw output.</summary>
    /// <param name="raw">Network output <c>[T, B, Width]</c> (unbounded).</param>
    /// <param name="start">First day of the simulated slice.</param>
    /// <param name="length">Days in the slice (≥ 1).</param>
    /// <param name="allStatic">Treat dynamic parameters as static too (the no-gradient warm-up, spec §1.3).</param>
    /// <param name="training">Apply dy_drop (training only; deviation from the original, which also drops at test
    /// time, spec §10.23).</param>
    /// <param name="generator">Random stream for dy_drop (required when training with dy_drop &gt; 0; never the global RNG).</param>
    public MappedParameters Map(Tensor raw, long start, long length, bool allStatic = false, bool training = false, Generator? generator = null)
    {
        int P = model.Declarations.Parameters.Count, C = model.Options.Components, R = model.Declarations.RoutingParameters.Count;
        if (raw.dim() != 3 || raw.shape[2] != Width)
            throw new ArgumentException($"{model.Name}: raw network output must be [T, B, {Width}] ({P} parameters × {C} components + {R} routing), got [{string.Join(", ", raw.shape)}].");
        long T = raw.shape[0], B = raw.shape[1];
        if (start < 0 || length < 1 || start + length > T)
            throw new ArgumentOutOfRangeException(nameof(length), $"slice [{start}, {start + length}) is outside the {T} days of the raw output.");
        bool drop = training && DynamicDropout > 0 && !allStatic;
        if (drop && generator is null) throw new ArgumentNullException(nameof(generator), "dy_drop in training needs a random generator.");

        using var scope = NewDisposeScope();
        var isDynamic = dynamic.Select(d => d && !allStatic).ToArray();
        var plan = new ParameterMapFunction.Plan(start, length, C, lower, span, isDynamic, routeLower, routeSpan,
            KeepForBackward: is_grad_enabled() && raw.requires_grad);
        var mapped = ParameterMapFunction.Map(plan, raw);                                      // P × ([B, C] or [T', B, C]), then [B, R]
        var physical = new Dictionary<string, Tensor>();
        var distinct = new Dictionary<string, Tensor>();
        for (int i = 0; i < P; i++)
        {
            var name = model.Declarations.Parameters[i].Name;
            var theta = mapped[i];
            if (!isDynamic[i])
            {
                physical[name] = theta.unsqueeze(0).expand(length, B, C);                      // [T', B, C], stride 0
                distinct[name] = theta;                                                        // [B, C]
                continue;
            }
            if (drop)
            {
                var expanded = theta[length - 1].unsqueeze(0).expand(length, B, C);
                var keepStatic = bernoulli(full(new long[] { 1, B, 1 }, Kept(DynamicDropout), dtype: raw.dtype, device: raw.device), generator).to(ScalarType.Bool);  // [1, B, 1]
                theta = where(keepStatic, expanded, theta);
            }
            physical[name] = theta;
            distinct[name] = theta;
        }
        Tensor? routing = R > 0 ? mapped[P] : null;                                             // [B, R]
        foreach (var t in physical.Values.Concat(distinct.Values).Append(routing).OfType<Tensor>().Distinct()) t.MoveToOuterDisposeScope();
        return new MappedParameters(physical, distinct, routing);
    }
}
