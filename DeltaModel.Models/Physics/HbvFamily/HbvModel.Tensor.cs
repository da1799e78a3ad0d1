using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

public abstract partial class HbvModel
{
    /// <summary>
    /// The daily loop in autograd tensor ops (backend <c>tensor</c>, the reference). Slices are taken once before the
    /// loop with <c>unbind</c>: its backward is one stack, where per-step <c>select</c>s would each scatter into a
    /// full-size zero gradient (O(T²) work). Each step runs in its own dispose scope, so without a tape the
    /// temporaries of a day are freed at its end; with a tape the graph keeps what the backward needs.
    /// </summary>
    /// <param name="processes">Processes replaced by networks (none by default), called inside the loop each day.</param>
    /// <returns>Component-mean fluxes and end-of-day stores <c>[13 + 5, T, B]</c> and the final stores <c>[5, B, C]</c>.</returns>
    (Tensor Fluxes, Tensor Final) RunTensor(Tensor forcings, Tensor?[] slots, Tensor initial, HbvProcesses processes = default)
    {
        long T = forcings.shape[0], B = forcings.shape[1], C = Options.Components;
        var dtype = forcings.dtype;
        var prcp = forcings[.., .., 0].unsqueeze(-1).unbind(0);                              // T × [B, 1] mm/d
        var temp = forcings[.., .., 1].unsqueeze(-1).unbind(0);                              // T × [B, 1] °C
        var pet = forcings[.., .., 2].unsqueeze(-1).unbind(0);                               // T × [B, 1] mm/d
        // Static parameters (stride-0 time axis) are read once; dynamic ones are split into days once.
        var constant = new Tensor?[slots.Length];
        var daily = new Tensor[]?[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] is not { } p) continue;
            if (p.stride(0) == 0 || T == 1) constant[i] = p[0];                              // [B, C]
            else daily[i] = p.unbind(0);                                                     // T × [B, C]
        }
        Tensor? At(int i, int t) => constant[i] ?? daily[i]?[t];

        var zeros = forcings.new_zeros(B, C);                                                // [B, C]
        var one = tensor(1.0, dtype: dtype, device: forcings.device);
        var s0 = initial.unbind(0);
        var stores = new HbvStores(s0[0], s0[1], s0[2], s0[3], s0[4]);
        var records = new Tensor[T];
        for (int t = 0; t < T; t++)
        {
            using var step = NewDisposeScope();
            var p = new HbvDayParameters(At(0, t)!, At(1, t)!, At(2, t)!, At(3, t)!, At(4, t)!, At(5, t)!, At(6, t)!,
                At(7, t)!, At(8, t)!, At(9, t)!, At(10, t)!, At(11, t)!, At(12, t), At(13, t), At(ExchangeSlot, t));
            var (next, dayFluxes) = HbvEquations.Step(p, prcp[t], temp[t], pet[t], stores, zeros, one, betaEt, capillary, exchange, Options.NearZero, processes);
            records[t] = cat([dayFluxes, stack(next.ToArray())], 0).mean([-1]).MoveToOuterDisposeScope();   // [13 + 5, B]
            var previous = stores;
            stores = new HbvStores(next.Snowpack.MoveToOuterDisposeScope(), next.Meltwater.MoveToOuterDisposeScope(),
                next.SoilMoisture.MoveToOuterDisposeScope(), next.UpperZone.MoveToOuterDisposeScope(), next.LowerZone.MoveToOuterDisposeScope());
            if (t > 0) foreach (var s in previous.ToArray()) s.Dispose();                    // the graph keeps its own references
        }
        return (stack(records, 1), stack(stores.ToArray()));                                // [18, T, B], [5, B, C]
    }
}
