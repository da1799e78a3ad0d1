using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Gr4jFamily;

/// <summary>
/// GR4J (Perrin, Michel &amp; Andréassian 2003), optionally with the CemaNeige snow module (Valéry et al. 2014, one
/// elevation layer), as a differentiable tensor model. Registry names <c>gr4j</c> (forcings prcp, pet; x1–x4) and
/// <c>gr4j_cemaneige</c> (prcp, tmean, pet; x1–x4, CTG, Kf). Equations in <see cref="Gr4jEquations"/> and
/// <see cref="CemaNeigeEquations"/>; docs/physics-models.md lists parameters, outputs and deviations.
/// <para>State: production and routing stores, CemaNeige's snowpack and thermal state, and the water still inside
/// UH1/UH2 (<see cref="UnitHydrograph1Length"/> − 1 and <see cref="UnitHydrograph2Length"/> − 1 slots), all in
/// <see cref="PhysicsState.Stores"/> so it is carried through warm-up and across calls; x4 may be dynamic: each day's
/// effective rainfall is spread with that day's ordinates, which conserves mass.</para>
/// <para>Without a given state the run starts from airGR's defaults: S = 0.3·x1, R = 0.5·x3 (day-0 parameters), no
/// snow, empty UHs. Optional gamma-UH routing (<see cref="PhysicsOptions.Routing"/>) is applied on top of GR4J's own
/// UHs as δMG does for every model; set it off for the published GR4J.</para>
/// </summary>
public sealed class Gr4j : PhysicsModel
{
    /// <summary>Largest x4 the UH buffers hold [d]; UH1 has this many ordinates, UH2 twice as many.</summary>
    public const int MaxX4 = 10;

    /// <summary>Ordinates of UH1 (= <see cref="MaxX4"/>).</summary>
    public const int UnitHydrograph1Length = MaxX4;

    /// <summary>Ordinates of UH2 (= 2·<see cref="MaxX4"/>).</summary>
    public const int UnitHydrograph2Length = 2 * MaxX4;

    /// <summary>Initial production store as a share of x1 (airGR default).</summary>
    public const double InitialProductionShare = 0.3;

    /// <summary>Initial routing store as a share of x3 (airGR default).</summary>
    public const double InitialRoutingShare = 0.5;

    // Published ranges: Perrin et al. (2003) 80 % confidence intervals (RRMPG's defaults); CemaNeige as in RRMPG.
    public static readonly ParameterSpec X1 = new("x1", 100, 1200, "mm", "production store capacity");
    public static readonly ParameterSpec X2 = new("x2", -5, 3, "mm/d", "groundwater exchange coefficient (> 0 gain, < 0 loss)");
    public static readonly ParameterSpec X3 = new("x3", 20, 300, "mm", "routing store capacity (one day ahead)");
    public static readonly ParameterSpec X4 = new("x4", 1.1, 2.9, "d", "unit-hydrograph time base");
    public static readonly ParameterSpec Ctg = new("CTG", 0, 1, "-", "CemaNeige weighting of the snowpack thermal state");
    public static readonly ParameterSpec Kf = new("Kf", 0, 10, "mm/°C/d", "CemaNeige degree-day melt factor");

    readonly bool snow;
    readonly int iS, iR, iG, iEtg, iUh1, iUh2;

    /// <summary>GR4J alone (registry name <c>gr4j</c>).</summary>
    public Gr4j(PhysicsOptions options) : this(options, snow: false) { }

    Gr4j(PhysicsOptions options, bool snow) : base(snow ? "gr4j_cemaneige" : "gr4j", options, Declare(options, snow), hasFusedKernel: true)
    {
        this.snow = snow;
        iS = 0; iR = 1;
        iG = snow ? 2 : -1; iEtg = snow ? 3 : -1;
        iUh1 = snow ? 4 : 2; iUh2 = iUh1 + UnitHydrograph1Length - 1;
    }

    static PhysicsDeclarations Declare(PhysicsOptions options, bool snow) => new()
    {
        Forcings = snow ? ["prcp", "tmean", "pet"] : ["prcp", "pet"],
        Parameters = snow ? [X1, X2, X3, X4, Ctg, Kf] : [X1, X2, X3, X4],
        // Water stores [mm], except CemaNeige's thermal state [°C]; the UH slots hold water in transit.
        Stores =
        [
            new("production", "mm"), new("routing", "mm"),
            .. snow ? new StoreSpec[] { new("snowpack", "mm"), new("snow_thermal_state", "°C", HoldsWater: false) } : [],
            .. Enumerable.Range(1, UnitHydrograph1Length - 1).Select(k => new StoreSpec($"uh1_{k}", "mm")),
            .. Enumerable.Range(1, UnitHydrograph2Length - 1).Select(k => new StoreSpec($"uh2_{k}", "mm")),
        ],
        Outputs =
        [
            .. OutputSpec.All("mm/d", ["streamflow", "AET_hydro", "PET_hydro", "exchange", "exchange_potential", "percolation", "effective_rainfall",
                "routing_flow", "direct_flow", "net_rainfall", "production_inflow", "production_evaporation"]),
            .. OutputSpec.All("mm", ["production_store", "routing_store", "uh_storage"]),
            .. snow ? [new OutputSpec("SWE", "mm"), .. OutputSpec.All("mm/d", ["snowfall", "melt", "liquid_water"])] : Array.Empty<OutputSpec>(),
            .. options.Routing ? new[] { new OutputSpec("streamflow_no_rout", "mm/d") } : [],
        ],
    };

    /// <summary>GR4J with CemaNeige snow (registry name <c>gr4j_cemaneige</c>).</summary>
    public static Gr4j WithCemaNeige(PhysicsOptions options) => new(options, snow: true);

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var p = run.Daily();
        using (no_grad())
            foreach (var x4 in p.All(3))
                if (x4.le(0).any().item<bool>() || x4.gt(MaxX4).any().item<bool>())
                    throw new ArgumentException($"{Name}: x4 must be in (0, {MaxX4}] days (the unit-hydrograph buffers hold {UnitHydrograph2Length} days); got values outside.");

        var forcings = run.Forcings;                                                         // [T, B, F]
        var prcp = forcings[.., .., 0];                                                      // [T, B] mm/d
        var temp = snow ? forcings[.., .., 1] : null;                                       // [T, B] °C
        var pet = forcings[.., .., Declarations.Forcings.Count - 1];                         // [T, B] mm/d
        var threshold = snow ? CemaNeigeEquations.Threshold(prcp.detach(), temp!.detach(), Options.NearZero) : null;   // [B, 1] mm

        var (fluxes, final) = UsesFused(forcings) ? Fused(run, threshold) : Loop(p, prcp, temp, pet, run.InitialStores, threshold);   // [K, T, B], [S, B, C]
        return Assemble(run, fluxes, final);
    }

    /// <summary>The fused backend: <see cref="Gr4jStep"/> run by <see cref="PhysicsModel.RunFusedDays{TStep}"/>, CemaNeige's
    /// Gthreshold handed to it as a fourth forcing (a run constant, no gradient, as in the tensor path).</summary>
    /// <returns>The fluxes the tensor loop records <c>[K, T, B]</c> and the final stores <c>[S, B, C]</c>.</returns>
    (Tensor Fluxes, Tensor Final) Fused(PhysicsRun run, Tensor? threshold)
    {
        var step = new Gr4jStep(snow);
        var forcings = snow ? cat([run.Forcings, threshold!.unsqueeze(0).expand(run.T, run.B, 1)], 2) : run.Forcings;   // [T, B, F]
        var (records, final) = RunFusedDays(run, step, forcings);                                  // [K + S, T, B], [S, B, C]
        return (records[TensorIndex.Slice(0, step.Fluxes)], final);
    }

    /// <summary>airGR's defaults: S = 0.3·x1, R = 0.5·x3 (day-0 parameters), no snow, empty UHs.</summary>
    protected override Tensor InitialStores(PhysicsRun run)
    {
        var stores = run.Forcings.new_zeros(Declarations.Stores.Count, run.B, run.C);         // [S, B, C]
        stores[iS] = InitialProductionShare * run.Parameters[0][0];
        stores[iR] = InitialRoutingShare * run.Parameters[2][0];
        return stores;
    }

    /// <summary>The daily loop; per-day fluxes are component means.</summary>
    /// <returns>Fluxes <c>[K, T, B]</c> (GR4J's 11, then UH storage, S, R, and with snow SWE, snowfall, melt, liquid)
    /// and the final stores <c>[S, B, C]</c>.</returns>
    (Tensor Fluxes, Tensor Final) Loop(DailyParameters p, Tensor prcp, Tensor? temp, Tensor pet, Tensor initial, Tensor? threshold)
    {
        long T = prcp.shape[0];
        var prcpDays = prcp.unsqueeze(-1).unbind(0);                                         // T × [B, 1]
        var petDays = pet.unsqueeze(-1).unbind(0);                                           // T × [B, 1]
        var tempDays = temp?.unsqueeze(-1).unbind(0);                                        // T × [B, 1]
        (Tensor, Tensor)? staticUh = p.IsStatic(3) ? Gr4jEquations.Ordinates(p.At(3, 0), UnitHydrograph1Length, UnitHydrograph2Length) : null;

        var s = new Gr4jStores(initial[iS], initial[iR],
            initial[TensorIndex.Slice(iUh1, iUh2)].permute(1, 2, 0), initial[TensorIndex.Slice(iUh2, initial.shape[0])].permute(1, 2, 0));   // [B, C], [B, C, n−1]
        Tensor? g = snow ? initial[iG] : null, etg = snow ? initial[iEtg] : null;
        var records = new Tensor[T];
        for (long t = 0; t < T; t++)
        {
            using var step = NewDisposeScope();
            Tensor? gPrevious = g, etgPrevious = etg;
            var water = prcpDays[t];
            Tensor? snowfall = null, melt = null;
            if (snow)
            {
                (g, etg, snowfall, melt, water) = CemaNeigeEquations.Step(g!, etg!, prcpDays[t], tempDays![t], p.At(4, t), p.At(5, t), threshold!);
            }
            var (uh1, uh2) = staticUh ?? Gr4jEquations.Ordinates(p.At(3, t), UnitHydrograph1Length, UnitHydrograph2Length);
            var (next, dayFluxes) = Gr4jEquations.Step(s, water, petDays[t], p.At(0, t), p.At(1, t), p.At(2, t), uh1, uh2);
            var extra = new List<Tensor> { next.Uh1.sum(-1).Plus(next.Uh2.sum(-1)), next.Production, next.Routing };
            if (snow) extra.AddRange([g!, snowfall!, melt!, water.expand_as(g!)]);
            records[t] = cat([dayFluxes, stack(extra)], 0).mean([-1]).MoveToOuterDisposeScope();   // [K, B]
            var previous = snow ? s.All.Append(gPrevious!).Append(etgPrevious!).ToArray() : s.All.ToArray();
            s = new Gr4jStores(next.Production.MoveToOuterDisposeScope(), next.Routing.MoveToOuterDisposeScope(),
                next.Uh1.MoveToOuterDisposeScope(), next.Uh2.MoveToOuterDisposeScope());
            if (snow) { g!.MoveToOuterDisposeScope(); etg!.MoveToOuterDisposeScope(); }
            if (t > 0) foreach (var old in previous) old.Dispose();                          // the graph keeps its own references
        }
        var parts = new List<Tensor> { s.Production.unsqueeze(0), s.Routing.unsqueeze(0) };
        if (snow) parts.AddRange([g!.unsqueeze(0), etg!.unsqueeze(0)]);
        parts.Add(s.Uh1.permute(2, 0, 1));
        parts.Add(s.Uh2.permute(2, 0, 1));
        return (stack(records, 1), cat(parts, 0));                                          // [K, T, B], [S, B, C]
    }

    PhysicsResult Assemble(PhysicsRun run, Tensor fluxes, Tensor final)
    {
        var (input, forcings) = (run.Input, run.Forcings);
        var f = fluxes.unbind(0);                                                            // K × [T, B]
        var (routed, nextHistory, _) = Route(run, f[0].unsqueeze(-1));                       // [T, B, 1]
        var series = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            series["streamflow"] = routed[.., .., 0];
            if (Options.Routing) series["streamflow_no_rout"] = f[0];
            series["AET_hydro"] = f[1];
            series["PET_hydro"] = forcings[.., .., Declarations.Forcings.Count - 1];
            series["exchange"] = f[2];
            series["percolation"] = f[3];
            series["effective_rainfall"] = f[4];
            series["routing_flow"] = f[5];
            series["direct_flow"] = f[6];
            series["net_rainfall"] = f[7];
            series["production_inflow"] = f[8];
            series["exchange_potential"] = f[9];
            series["production_evaporation"] = f[10];
            series["uh_storage"] = f[11];
            series["production_store"] = f[12];
            series["routing_store"] = f[13];
            if (snow)
            {
                series["SWE"] = f[14];
                series["snowfall"] = f[15];
                series["melt"] = f[16];
                series["liquid_water"] = f[17];
            }
        }

        MassBudget budget;
        using (no_grad())
        {
            var d = fluxes.detach().to(ScalarType.Float64);
            budget = new MassBudget(
                Inputs: forcings.detach()[.., .., 0].to(ScalarType.Float64).sum(0L),
                Outputs: d[0].Plus(d[1]).sum(0L),
                StorageChange: StorageChange(run.InitialStores, final),     // water stores: all but CemaNeige's thermal state
                NumericalGain: zeros(forcings.shape[1], dtype: ScalarType.Float64, device: final.device),
                Exchange: d[2].sum(0L));
        }
        return new PhysicsResult(series, new Dictionary<string, Tensor>(), new PhysicsState(final, nextHistory), budget);
    }
}
