using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Examples;

/// <summary>
/// The smallest complete physics model, to copy when writing a new one (docs/physics-models.md, "Write a new physics
/// model"): one linear reservoir. Each day precipitation fills the store, evaporation takes up to PET from it, and a
/// share <c>k</c> of what is left drains as streamflow. Not registered: tests run it beside every registered model.
/// <para>What a model writes: its tables (forcings, parameters, stores, outputs with units), its daily step, and the
/// assembly of series and budget. <see cref="PhysicsModel"/> does the rest (checks, dtype, loop, routing, BFI).</para>
/// </summary>
public sealed class Template : PhysicsModel
{
    // 1. Tables. Parameters map network outputs in (0, 1) to their bounds; units go into output files.
    /// <summary>Share of the store that drains each day.</summary>
    public static readonly ParameterSpec K = new("k", 0.01, 0.5, "1/d", "reservoir recession coefficient");

    /// <param name="options">Components, dynamic parameters, routing (backend <c>tensor</c> only).</param>
    public Template(PhysicsOptions options) : base("template", options, new PhysicsDeclarations
    {
        Forcings = ["prcp", "pet"],
        Parameters = [K],
        Stores = [new("storage", "mm")],
        Outputs = [new("streamflow", "mm/d"), new("streamflow_no_rout", "mm/d"), new("AET_hydro", "mm/d"), new("storage", "mm")],
    })
    {
    }

    // 2. The run: the generic daily loop with this model's step, then series and budget.
    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var (records, final) = RunDays(run, p => p[0], Step);                              // [2 + 1, T, B], [1, B, C]
        var f = records.unbind(0);                                                          // streamflow, AET, storage; each [T, B]
        var (routed, nextHistory, _) = Route(run, f[0].unsqueeze(-1));                      // [T, B, 1]
        var series = run.Input.StatesOnly ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor>
        {
            ["streamflow"] = routed[.., .., 0], ["streamflow_no_rout"] = f[0], ["AET_hydro"] = f[1], ["storage"] = f[2],
        };
        MassBudget budget;
        using (no_grad())
        {
            var d = records.detach().sum([1L], type: ScalarType.Float64);                   // [3, B]
            budget = new MassBudget(
                Inputs: run.Forcings.detach()[.., .., 0].sum([0L], type: ScalarType.Float64),
                Outputs: d[0].Plus(d[1]),                                                    // before routing, as MassBudget books it
                StorageChange: StorageChange(run.InitialStores, final),
                NumericalGain: zeros(run.B, dtype: ScalarType.Float64, device: final.device));
        }
        return new PhysicsResult(series, new Dictionary<string, Tensor>(), new PhysicsState(final, nextHistory), budget);
    }

    // 3. The daily step: a pure function of the day's parameter (k [B, C]), forcings (prcp, pet [B, 1]) and stores.
    // Constants go through KeptScalars (Kept, Plus, RSub): no transient TorchSharp Scalars in the loop.
    static (Tensor[] Stores, Tensor[] Fluxes) Step(Tensor k, Tensor[] forcings, Tensor[] stores)
    {
        var filled = stores[0].Plus(forcings[0]);                                           // [B, C] mm
        var et = minimum(forcings[1], filled);                                              // mm/d, at most what is there
        var left = filled - et;
        var q = k * left;                                                                   // mm/d
        return ([left - q], [q, et.expand_as(q)]);
    }
}
