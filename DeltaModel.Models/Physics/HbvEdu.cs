using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// HBV-EDU, the educational HBV of AghaKouchak &amp; Habib (2010) as documented by RRMPG (Kratzert), as a
/// differentiable tensor model; registry name <c>hbv_edu</c>. Ten parameters (eleven with the PET correction), stores
/// snow, soil, upper and lower zone; equations and the discharge timing in <see cref="HbvEduEquations"/>.
/// <para>PET: by default the daily <c>pet</c> forcing is used as it is. With <c>options: {pet_correction: true}</c> the
/// model applies HBV-EDU's temperature correction with parameter C: the <c>pet</c> forcing is then the long-term mean
/// PET of the day's month and a fourth forcing <c>tmean_ltm</c> the long-term mean temperature of that month.</para>
/// <para>Optional gamma-UH routing (<see cref="PhysicsOptions.Routing"/>, spec §2.9) of Q, Q0, Q1, Q2, as for HBV
/// (HBV-EDU itself has none; set routing off to reproduce it).</para>
/// </summary>
public sealed class HbvEdu : IPhysicsModel
{
    /// <summary>Initial soil, upper and lower zone storage without a given state [mm] (snow starts at 0).</summary>
    public const double InitialStore = 0.001;

    // RRMPG's documented default bounds for HBVEdu.
    public static readonly ParameterSpec Tt = new("T_t", -1, 1, "°C", "threshold temperature for snowfall and melt");
    public static readonly ParameterSpec Dd = new("DD", 3, 7, "mm/°C/d", "degree-day melt factor");
    public static readonly ParameterSpec Fc = new("FC", 100, 200, "mm", "field capacity of the soil");
    public static readonly ParameterSpec Beta = new("Beta", 1, 7, "-", "shape exponent of soil recharge");
    public static readonly ParameterSpec Pwp = new("PWP", 90, 180, "mm", "soil moisture above which AET = PET");
    public static readonly ParameterSpec K0 = new("K_0", 0.05, 0.2, "1/d", "near-surface flow coefficient (above L)");
    public static readonly ParameterSpec K1 = new("K_1", 0.01, 0.1, "1/d", "interflow coefficient");
    public static readonly ParameterSpec K2 = new("K_2", 0.01, 0.05, "1/d", "baseflow coefficient");
    public static readonly ParameterSpec Kp = new("K_p", 0.01, 0.05, "1/d", "percolation coefficient");
    public static readonly ParameterSpec L = new("L", 2, 5, "mm", "upper-zone threshold for near-surface flow");
    public static readonly ParameterSpec C = new("C", 0.01, 0.07, "1/°C", "temperature correction of PET (pet_correction only)");

    /// <summary>Store names, in <see cref="PhysicsState.Stores"/> order [mm]; <c>previous_interflow</c> is yesterday's Q1,
    /// a memory term outside the water balance.</summary>
    public static readonly IReadOnlyList<string> StoreNames = ["snow", "soil", "upper_zone", "lower_zone", "previous_interflow"];

    static readonly IReadOnlyList<string> RoutedSeries = ["streamflow", "srflow", "ssflow", "gwflow"];

    readonly bool petCorrection;

    /// <param name="options">Components, dynamic parameters, routing; <c>Extra["pet_correction"]</c> = true/false.</param>
    public HbvEdu(PhysicsOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        var extra = options.Extra.GetValueOrDefault("pet_correction", "false");
        if (!bool.TryParse(extra, out petCorrection))
            throw new ArgumentException($"hbv_edu: option 'pet_correction' must be true or false, got '{extra}'.");
        Parameters = petCorrection ? [Tt, Dd, Fc, Beta, Pwp, K0, K1, K2, Kp, L, C] : [Tt, Dd, Fc, Beta, Pwp, K0, K1, K2, Kp, L];
        PhysicsModelSupport.Validate(Name, options, Parameters);
        DynamicParameters = new HashSet<string>(options.DynamicParameters, StringComparer.Ordinal);
        Forcings = petCorrection ? ["prcp", "tmean", "pet", "tmean_ltm"] : ["prcp", "tmean", "pet"];
        Outputs = [.. RoutedSeries, "AET_hydro", "PET_hydro", "SWE", .. options.Routing ? RoutedSeries.Select(s => s + "_no_rout") : [],
                   "recharge", "tosoil", "percolation", "melt", "soil_moisture", "upper_zone", "lower_zone"];
    }

    public string Name => "hbv_edu";
    public PhysicsOptions Options { get; }
    public int Components => Options.Components;
    public IReadOnlyList<ParameterSpec> Parameters { get; }
    public IReadOnlyList<ParameterSpec> RoutingParameters => Options.Routing ? HbvParameters.Routing : [];
    public IReadOnlySet<string> DynamicParameters { get; }
    public IReadOnlyList<string> Forcings { get; }
    public IReadOnlyList<string> Attributes { get; } = [];
    public IReadOnlyList<string> States => StoreNames;
    public IReadOnlyList<string> Outputs { get; }
    public IReadOnlyList<string> ScalarOutputs { get; } = ["BFI"];
    public bool WarmUpWithoutGradient => Options.WarmUpWithoutGradient ?? true;

    /// <summary>
    /// Stores equivalent to the original's initial state (snow, soil, S1, S2 before its first day): the zones net of the
    /// Q1, Q2 the original drains on day 1, and that Q1 as the carried interflow. Shape <c>[5, B, C]</c> like the inputs.
    /// </summary>
    public static Tensor StoresFromOriginal(Tensor snow, Tensor soil, Tensor s1, Tensor s2, Tensor k1, Tensor k2) =>
        stack([snow, soil, s1 * (1 - k1), s2 * (1 - k2), k1 * s1]);

    public PhysicsResult Run(PhysicsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var forcings = input.Forcings;                                                       // [T, B, F]
        var (T, B) = PhysicsModelSupport.CheckForcings(Name, forcings, Forcings);
        long C = Components;
        var dtype = forcings.dtype;
        var p = new DailyParameters(Name, Parameters, input.Parameters, T, B, C, dtype);
        var initial = input.InitialState?.Stores.to(dtype) ?? InitialStores(B, C, forcings); // [5, B, C]
        PhysicsModelSupport.CheckStores(Name, initial, StoreNames.Count, B, C);

        var prcp = forcings[.., .., 0].unsqueeze(-1).unbind(0);                              // T × [B, 1] mm/d
        var temp = forcings[.., .., 1].unsqueeze(-1).unbind(0);                              // T × [B, 1] °C
        var pet = forcings[.., .., 2].unsqueeze(-1).unbind(0);                               // T × [B, 1] mm/d
        var monthlyTemp = petCorrection ? forcings[.., .., 3].unsqueeze(-1).unbind(0) : null;

        var s0 = initial.unbind(0);
        var stores = new HbvEduStores(s0[0], s0[1], s0[2], s0[3], s0[4]);
        var records = new Tensor[T];
        for (long t = 0; t < T; t++)
        {
            using var step = NewDisposeScope();
            var day = new HbvEduDayParameters(p.At(0, t), p.At(1, t), p.At(2, t), p.At(3, t), p.At(4, t), p.At(5, t),
                p.At(6, t), p.At(7, t), p.At(8, t), p.At(9, t), petCorrection ? p.At(10, t) : null);
            var dayPet = petCorrection ? HbvEduEquations.CorrectedPet(temp[t], monthlyTemp![t], pet[t], day.C!) : pet[t];
            var (next, fluxes) = HbvEduEquations.Step(day, prcp[t], temp[t], dayPet, stores);
            var levels = stack([next.Soil, next.UpperZone, next.LowerZone]);                // [3, B, C] mm
            records[t] = cat([fluxes, levels], 0).mean([-1]).MoveToOuterDisposeScope();     // [13, B]
            var previous = stores;
            stores = new HbvEduStores(next.Snow.MoveToOuterDisposeScope(), next.Soil.MoveToOuterDisposeScope(),
                next.UpperZone.MoveToOuterDisposeScope(), next.LowerZone.MoveToOuterDisposeScope(), next.PreviousInterflow.MoveToOuterDisposeScope());
            if (t > 0) foreach (var s in previous.ToArray()) s.Dispose();                    // the graph keeps its own references
        }
        var fluxSeries = stack(records, 1);                                                  // [13, T, B]
        var final = stack(stores.ToArray());                                                 // [5, B, C]
        return PhysicsModelSupport.MoveOut(Assemble(input, forcings, fluxSeries, initial, final));
    }

    Tensor InitialStores(long B, long C, Tensor forcings)
    {
        var stores = full(new long[] { StoreNames.Count, B, C }, InitialStore, dtype: forcings.dtype, device: forcings.device);   // [5, B, C]
        stores[0].zero_();
        stores[4].zero_();
        return stores;
    }

    PhysicsResult Assemble(PhysicsInput input, Tensor forcings, Tensor fluxes, Tensor initial, Tensor final)
    {
        var f = fluxes.unbind(0);                                                            // 13 × [T, B]
        Tensor q0 = f[0], q1 = f[1], q2 = f[2];
        var unrouted = stack([q0 + q1 + q2, q0, q1, q2], -1);                                // [T, B, 4] mm/d
        var (routed, nextHistory) = PhysicsModelSupport.Route(Name, Options, input, unrouted);
        var series = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            var r = routed.unbind(-1);
            var u = unrouted.unbind(-1);
            for (int k = 0; k < RoutedSeries.Count; k++) series[RoutedSeries[k]] = r[k];
            if (Options.Routing) for (int k = 0; k < RoutedSeries.Count; k++) series[RoutedSeries[k] + "_no_rout"] = u[k];
            series["AET_hydro"] = f[3];
            series["SWE"] = f[4];
            series["recharge"] = f[5];
            series["tosoil"] = f[6];
            series["percolation"] = f[7];
            series["melt"] = f[8];
            series["PET_hydro"] = f[9];
            series["soil_moisture"] = f[10];
            series["upper_zone"] = f[11];
            series["lower_zone"] = f[12];
            scalars["BFI"] = 100 * series["gwflow"].sum(0L) / (series["streamflow"].sum(0L) + Options.NearZero);
        }

        MassBudget budget;
        using (no_grad())
        {
            var d = fluxes.detach().to(ScalarType.Float64);
            // Water stores: snow, soil, upper and lower zone; previous_interflow has already left (it was reported).
            var change = (final.detach().to(ScalarType.Float64) - initial.detach().to(ScalarType.Float64))[TensorIndex.Slice(0, 4)];
            budget = new MassBudget(
                Inputs: forcings.detach()[.., .., 0].to(ScalarType.Float64).sum(0L),
                Outputs: (d[0] + d[1] + d[2] + d[3]).sum(0L),
                StorageChange: change.sum(0L).mean([-1]),
                NumericalGain: zeros(forcings.shape[1], dtype: ScalarType.Float64, device: final.device));
        }
        return new PhysicsResult(series, scalars, new PhysicsState(final, nextHistory), budget);
    }
}
