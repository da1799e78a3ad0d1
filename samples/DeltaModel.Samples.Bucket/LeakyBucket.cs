using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Samples.Bucket;

/// <summary>
/// A soil bucket that spills when full and leaks when not: each day precipitation fills the bucket, whatever rises
/// above its capacity runs off at once, plants take PET scaled by how full the bucket is, and a share <c>k</c> of the
/// rest drains. Streamflow is spill plus drainage. Written as a plug-in (docs/plugins.md): nothing in DeltaModel knows it.
/// </summary>
public sealed class LeakyBucket : PhysicsModel
{
    /// <summary>The config name (<c>model.physics.name</c>).</summary>
    public const string RegistryName = "leaky_bucket";

    /// <summary>What the bucket holds before it spills.</summary>
    public static readonly ParameterSpec Capacity = new("capacity", 20, 500, "mm", "bucket capacity; water above it runs off the same day");

    /// <summary>Share of the stored water that drains each day.</summary>
    public static readonly ParameterSpec K = new("k", 0.001, 0.3, "1/d", "drainage coefficient of the stored water");

    /// <param name="options">The <c>model.physics</c> section: components, dynamic parameters, routing (backend <c>tensor</c> only).</param>
    public LeakyBucket(PhysicsConfig options) : base(RegistryName, options, new PhysicsDeclarations
    {
        Forcings = ["prcp", "pet"],
        Parameters = [Capacity, K],
        Stores = [new("bucket", "mm")],
        Outputs = [new("streamflow", "mm/d"), new("streamflow_no_rout", "mm/d"), new("spill", "mm/d"), new("AET_hydro", "mm/d"), new("bucket", "mm")],
    })
    {
    }

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var (records, final) = RunDays(run, p => (Capacity: p[0], K: p[1]), Step);      // [3 + 1, T, B], [1, B, C]
        var f = records.unbind(0);                                                          // spill, drainage, AET, bucket; each [T, B]
        var runoff = f[0] + f[1];
        var (routed, nextHistory, _) = Route(run, runoff.unsqueeze(-1));                    // [T, B, 1]
        var series = run.Input.StatesOnly ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor>
        {
            ["streamflow"] = routed[.., .., 0], ["streamflow_no_rout"] = runoff, ["spill"] = f[0], ["AET_hydro"] = f[2], ["bucket"] = f[3],
        };
        MassBudget budget;
        using (no_grad())
        {
            var d = records.detach().sum([1L], type: ScalarType.Float64);                   // [4, B]
            budget = new MassBudget(
                Inputs: run.Forcings.detach()[.., .., 0].sum([0L], type: ScalarType.Float64),
                Outputs: d[0] + d[1] + d[2],
                StorageChange: StorageChange(run.InitialStores, final),
                NumericalGain: zeros(run.B, dtype: ScalarType.Float64, device: final.device));
        }
        return new PhysicsResult(series, new Dictionary<string, Tensor>(), new PhysicsState(final, nextHistory), budget);
    }

    // One day: a pure function of the day's parameters ([B, C]), forcings (prcp, pet: [B, 1]) and the bucket ([B, C]).
    static (Tensor[] Stores, Tensor[] Fluxes) Step((Tensor Capacity, Tensor K) p, Tensor[] forcings, Tensor[] stores)
    {
        var filled = stores[0].Plus(forcings[0]);                                           // mm
        var spill = (filled - p.Capacity).clamp_min(Kept(0.0));                                          // mm/d above capacity
        var held = filled - spill;
        var et = minimum(forcings[1] * held / p.Capacity, held);                            // PET scaled by wetness, at most what is there
        var left = held - et;
        var drain = p.K * left;
        return ([left - drain], [spill, drain, et]);
    }
}
