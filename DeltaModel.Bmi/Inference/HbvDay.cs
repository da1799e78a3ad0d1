using DeltaModel.Bmi.Deployment;
using DeltaModel.Models.Physics.HbvFamily.Fused;

namespace DeltaModel.Bmi.Inference;

/// <summary>
/// One day of HBV 1.0 / 1.1p for one basin through the fused kernel's forward (<see cref="HbvKernel{T}"/>, the same
/// code the training runs): parameters in the kernel's slot order, stores <c>[5, C]</c> advanced in place, the
/// component-mean outputs of the day in the kernel's channel order (<see cref="Channels"/>).
/// </summary>
internal sealed unsafe class HbvDay
{
    /// <summary>Kernel slot names (as <c>HbvFused.Slots</c>; the exchange slot stays empty: HBV 2.0 is not deployable yet).</summary>
    static readonly string[] Slots =
        ["parBETA", "parFC", "parK0", "parK1", "parK2", "parLP", "parPERC", "parUZL", "parTT", "parCFMAX", "parCFR", "parCWH", "parBETAET", "parC", "exchange"];

    /// <summary>Output channels (as <c>HbvFused.Channels</c>): 13 fluxes, then the five stores at the end of the day.</summary>
    public const int Channels = HbvKernel<float>.Outputs;

    /// <summary>Store count (SNOWPACK, MELTWATER, SM, SUZ, SLZ).</summary>
    public const int Stores = 5;

    readonly HbvKernelData<float> data;
    readonly float[] parameters, forcings, stores, finalStores, outputs, checkpoints;
    readonly int[] slotOfParameter;

    public HbvDay(PhysicsManifest physics)
    {
        if (physics.Name is not ("hbv" or "hbv_1_0" or "hbv_1_1p"))
            throw new BmiException($"physics '{physics.Name}' cannot run in the deployed engine; it runs HBV 1.0 and 1.1p (hbv, hbv_1_1p).");
        Components = physics.Components;
        slotOfParameter = [.. physics.Parameters.Select(p => Array.IndexOf(Slots, p.Name))];
        int missing = Array.IndexOf(slotOfParameter, -1);
        if (missing >= 0) throw new BmiException($"parameter '{physics.Parameters[missing].Name}' has no slot in the HBV kernel.");
        data = new HbvKernelData<float>
        {
            Days = 1, Basins = 1, Components = Components, BetaEt = physics.BetaEt, Capillary = physics.Capillary, Exchange = false,
            NearZero = (float)physics.NearZero,
        };
        parameters = GC.AllocateArray<float>(Slots.Length * Components, pinned: true);
        forcings = GC.AllocateArray<float>(3, pinned: true);
        stores = GC.AllocateArray<float>(Stores * Components, pinned: true);
        finalStores = GC.AllocateArray<float>(Stores * Components, pinned: true);
        outputs = GC.AllocateArray<float>(Channels, pinned: true);
        checkpoints = GC.AllocateArray<float>(Stores * Components, pinned: true);
        fixed (float* p = parameters)
            foreach (int slot in slotOfParameter) data.Params[slot] = p + slot * Components;
        fixed (float* f = forcings)
        {
            data.Prcp = f;
            data.Temp = f + 1;
            data.Pet = f + 2;
        }
        fixed (float* s = stores) data.InitialStores = s;
        fixed (float* s = finalStores) data.FinalStores = s;
        fixed (float* o = outputs) data.Fluxes = o;
        fixed (float* c = checkpoints) data.Checkpoints = c;
    }

    public int Components { get; }

    /// <summary>Runs one day. <paramref name="theta"/>: physical parameters <c>[P, C]</c> in manifest order;
    /// <paramref name="state"/> <c>[5, C]</c> [mm], advanced; <paramref name="day"/> receives <see cref="Channels"/> values.</summary>
    public void Step(ReadOnlySpan<float> theta, float prcp, float temp, float pet, Span<float> state, Span<float> day)
    {
        int C = Components;
        for (int i = 0; i < slotOfParameter.Length; i++) theta.Slice(i * C, C).CopyTo(parameters.AsSpan(slotOfParameter[i] * C, C));
        (forcings[0], forcings[1], forcings[2]) = (prcp, temp, pet);
        state.CopyTo(stores);
        HbvKernel<float>.Forward(data);
        finalStores.CopyTo(state);
        outputs.CopyTo(day);
    }
}
