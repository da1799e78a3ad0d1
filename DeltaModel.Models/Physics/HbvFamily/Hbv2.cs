using DeltaModel.Core.Configuration;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// HBV 2.0 (δMG/hydrodl2 <c>Hbv_2</c>, daily, spec §2.5): HBV 1.1p plus
/// <list type="bullet">
/// <item>an <b>elevation override</b> of the threshold temperature: TT* = 4 °C where the basin's mean elevation is
/// ≥ 2000 m, else parTT (phase split, melt and refreeze use TT*; no gradient to parTT there);</item>
/// <item>a <b>lateral exchange</b> of the lower zone after percolation, before Q2: potential
/// LF = clip((A − parAC)/1000, −1, 1)·parRT for upstream area A &lt; 2500 km², exp(clip(−(A − 2500)/50, −10, 0))·parRT
/// otherwise; SLZ ← max(SLZ + LF, 0).</item>
/// </list>
/// Deviation (spec §10.21): the exchange actually applied, max(SLZ + LF, 0) − SLZ, is the output series
/// <c>exchange</c> [mm/d, + = gain] and the <see cref="MassBudget.Exchange"/> term, so the budget closes; the original
/// drops the clamped part silently. Sixteen parameters per component + route_a/route_b. Both backends (tensor and the
/// fused kernel, whose exchange term has an exact backward). Registry names <c>hbv_2_0</c>, <c>hbv_2</c>.
/// <para>Attributes (by dataset name, raw units): mean elevation [m] (option <c>elevation_attribute</c>, default
/// <c>elev_mean</c>) and upstream area [km²] (option <c>area_attribute</c>, default <c>area_gages2</c>, the CAMELS
/// names; the original reads MERIT's <c>uparea</c>).</para>
/// <para>Warm-up: spins up without gradient by default (the original runs δHBV 2.0 with <c>warm_up: 0</c>, where the
/// mode does not matter).</para>
/// </summary>
public sealed class Hbv2 : HbvModel
{
    /// <summary>Elevation at and above which the threshold temperature is replaced [m] (spec §2.5).</summary>
    public const double HighElevation = 2000;

    /// <summary>Threshold temperature in effect at high elevation [°C] (spec §2.5).</summary>
    public const double HighElevationThreshold = 4.0;

    /// <summary>Upstream area from which the exchange is a gain decaying with area [km²] (spec §2.5).</summary>
    public const double LargeArea = 2500;

    /// <summary>Option naming the mean-elevation attribute.</summary>
    public const string ElevationOption = "elevation_attribute";

    /// <summary>Option naming the upstream-area attribute.</summary>
    public const string AreaOption = "area_attribute";

    static readonly IReadOnlyList<ParameterSpec> All =
        [.. HbvParameters.Core, HbvParameters.BetaEt, HbvParameters.C, HbvParameters.Rt, HbvParameters.Ac];

    static readonly string[] KnownOptions = [ElevationOption, AreaOption];

    readonly string elevation, area;

    /// <param name="options">Components, dynamic parameters, routing, backend; <c>Extra</c>: <c>elevation_attribute</c>,
    /// <c>area_attribute</c> (dataset attribute names).</param>
    public Hbv2(PhysicsOptions options)
        : this(options, AttributeNames(options))
    {
    }

    Hbv2(PhysicsOptions options, (string Elevation, string Area) names)
        : base("hbv_2_0", options, All, betaEt: true, capillary: true, warmUpWithoutGradient: true, exchange: true,
            attributes: [names.Elevation, names.Area])
    {
        (elevation, area) = names;
    }

    /// <summary>The attribute names from the options (defaults elev_mean, area_gages2); unknown option keys are errors.</summary>
    static (string Elevation, string Area) AttributeNames(PhysicsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var key in options.Extra.Keys.Where(k => !KnownOptions.Contains(k)))
            throw new ArgumentException($"hbv_2_0: unknown physics option '{key}'{Names.DidYouMean(key, KnownOptions)}; options: {string.Join(", ", KnownOptions)}.");
        string Get(string key, string fallback)
        {
            var v = options.Extra.GetValueOrDefault(key, fallback);
            if (string.IsNullOrWhiteSpace(v)) throw new ArgumentException($"hbv_2_0: physics option '{key}' must name a basin attribute, got an empty value.");
            return v.Trim();
        }
        var names = (Get(ElevationOption, "elev_mean"), Get(AreaOption, "area_gages2"));
        if (names.Item1 == names.Item2) throw new ArgumentException($"hbv_2_0: physics options '{ElevationOption}' and '{AreaOption}' name the same attribute '{names.Item1}'.");
        return names;
    }

    private protected override void DeriveSlots(PhysicsInput input, Tensor?[] slots, long T, long B, long C)
    {
        var dtype = input.Forcings.dtype;
        var elev = Attribute(input, elevation, ElevationOption, "mean elevation [m]", B).to(dtype).view(B, 1);   // [B, 1]
        var ac = Attribute(input, area, AreaOption, "upstream area [km²]", B).to(dtype).view(B, 1);            // [B, 1]

        // Elevation override (indicator: no gradient to parTT where it applies).
        var high = elev.ge(Kept(HighElevation));                                                               // [B, 1]
        var fixedTt = tensor(HighElevationThreshold, dtype: dtype, device: input.Forcings.device);
        slots[TtSlot] = PerDay([slots[TtSlot]!], p => where(high, fixedTt, p[0]), T, B, C);

        // Exchange potential LF [mm/d]: both branches are finite everywhere, the indicator picks one (no gradient).
        var rt = input.Parameters[HbvParameters.Rt.Name].to(dtype);
        var acThreshold = input.Parameters[HbvParameters.Ac.Name].to(dtype);
        var small = ac.lt(Kept(LargeArea));                                                                    // [B, 1]
        var decay = ac.RSub(LargeArea).div(Kept(50.0)).clamp(Kept(-10.0), Kept(0.0)).exp();                     // [B, 1]
        slots[ExchangeSlot] = PerDay([rt, acThreshold],
            p => where(small, (ac - p[1]).div(Kept(1000.0)).clamp(Kept(-1.0), Kept(1.0)), decay) * p[0], T, B, C);
    }

    /// <summary>
    /// Applies <paramref name="f"/> to <c>[T, B, C]</c> parameters; when all are static (stride-0 time axis) to one day
    /// only, expanded again, so the fused kernel still sees a static input.
    /// </summary>
    static Tensor PerDay(Tensor[] parameters, Func<Tensor[], Tensor> f, long T, long B, long C)
    {
        if (T == 1 || parameters.All(p => p.stride(0) == 0))
            return f(parameters.Select(p => p[0]).ToArray()).unsqueeze(0).expand(T, B, C);
        return f(parameters).expand(T, B, C);
    }

    /// <summary>A required attribute <c>[B]</c>; errors name the attribute and the option that selects it.</summary>
    Tensor Attribute(PhysicsInput input, string name, string option, string meaning, long B)
    {
        if (input.Attributes is null || !input.Attributes.TryGetValue(name, out var value))
            throw new ArgumentException($"{Name}: needs the basin attribute '{name}' ({meaning}) in PhysicsInput.Attributes; " +
                                        $"the dataset must provide it, or set physics option '{option}' to the attribute that holds it.");
        if (value.dim() != 1 || value.shape[0] != B)
            throw new ArgumentException($"{Name}: attribute '{name}' must be [B] = [{B}], got [{string.Join(", ", value.shape)}].");
        using (no_grad())
            if (!value.isfinite().all().item<bool>())
                throw new ArgumentException($"{Name}: attribute '{name}' ({meaning}) has missing or non-finite values; fill them or drop those basins (physics option '{option}').");
        return value.detach();
    }
}
