using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily.Fused;

/// <summary>Switches of one fused HBV run.</summary>
/// <param name="BetaEt">Use the ET shape exponent (parameter slot 12).</param>
/// <param name="Capillary">HBV 1.1p capillary rise (parameter slot 13).</param>
/// <param name="NearZero">ε floor [mm].</param>
/// <param name="Exchange">HBV 2.0 lateral exchange of the lower zone with potential LF (parameter slot 14).</param>
public sealed record HbvFusedOptions(bool BetaEt, bool Capillary, double NearZero, bool Exchange = false);

/// <summary>
/// The fused HBV time loop as a TorchSharp autograd function: forward and backward in C# (<see cref="HbvKernel{T}"/>),
/// one node on the autograd tape instead of ~60 per simulated day. CPU tensors, float32 or float64.
/// </summary>
public static class HbvFused
{
    /// <summary>Output channels, in order (component means): daily fluxes, then the stores at the end of each day.</summary>
    public static readonly IReadOnlyList<string> Channels =
        ["q0", "q1", "q2", "et", "swe", "recharge", "excess", "evapfactor", "tosoil", "percolation", "capillary", "floor_gain", "exchange",
         "snowpack", "meltwater", "sm", "suz", "slz"];

    /// <summary>
    /// Parameter slots, in order: parameter names, then <c>exchange</c>, HBV 2.0's lateral exchange potential LF [mm/d]
    /// (derived from parRT, parAC and the basin area before the loop; the kernel differentiates w.r.t. LF).
    /// </summary>
    public static readonly IReadOnlyList<string> Slots =
        ["parBETA", "parFC", "parK0", "parK1", "parK2", "parLP", "parPERC", "parUZL", "parTT", "parCFMAX", "parCFR", "parCWH", "parBETAET", "parC", "exchange"];

    /// <summary>Whether the fused kernel can run on tensors of this device and type.</summary>
    public static bool Supports(Tensor t) =>
        t.device_type == DeviceType.CPU && t.dtype is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Runs the loop. Differentiable w.r.t. forcings, parameters and initial stores.</summary>
    /// <param name="forcings">prcp, tmean, pet <c>[T, B, 3]</c>.</param>
    /// <param name="parameters">By slot (<see cref="Slots"/>): <c>[T, B, C]</c> each (a stride-0 time axis marks a static one), or null when unused.</param>
    /// <param name="initialStores"><c>[5, B, C]</c> (SP, MW, SM, SUZ, SLZ).</param>
    /// <returns>Component-mean outputs <c>[17, T, B]</c> in <see cref="Channels"/> order (differentiable, stores included),
    /// and the final stores <c>[5, B, C]</c> (no gradient).</returns>
    public static (Tensor Fluxes, Tensor FinalStores) Run(Tensor forcings, IReadOnlyList<Tensor?> parameters, Tensor initialStores, HbvFusedOptions options)
    {
        if (parameters.Count != Slots.Count) throw new ArgumentException($"expected {Slots.Count} parameter slots, got {parameters.Count}.");
        if (!Supports(forcings)) throw new ArgumentException("the fused HBV kernel runs on CPU float32/float64 tensors; use physics backend 'tensor' elsewhere.");
        var finalStores = empty_like(initialStores);
        var args = new object[] { options, forcings, initialStores, finalStores }.Concat(parameters.Select(p => (object?)p ?? NoTensor.Value)).ToArray();
        var fluxes = HbvFusedFunction.apply(args);
        return (fluxes, finalStores);
    }

    /// <summary>Placeholder for an unused parameter slot (autograd arguments cannot be null).</summary>
    internal sealed class NoTensor
    {
        public static readonly NoTensor Value = new();
    }
}

/// <summary>Raw access to CPU tensor memory for the fused kernels.</summary>
internal static unsafe class TensorMemory
{
    /// <summary>Pointer to the first element of a contiguous CPU tensor (no copy; valid while the tensor lives).</summary>
    public static T* Pointer<T>(this Tensor t) where T : unmanaged
    {
        if (!t.is_contiguous() || t.device_type != DeviceType.CPU) throw new ArgumentException("expected a contiguous CPU tensor.");
        return (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(t.bytes));
    }
}

/// <summary>The autograd node of <see cref="HbvFused.Run"/>.</summary>
internal sealed class HbvFusedFunction : autograd.SingleTensorFunction<HbvFusedFunction>
{
    public override string Name => "HbvFused";

    /// <summary>Everything the backward needs, kept out of dispose scopes until the backward has run.</summary>
    sealed class Saved : IDisposable
    {
        public required HbvFusedOptions Options;
        public required Tensor Prcp, Temp, Pet, Initial, Checkpoints;
        public required Tensor?[] Params;        // contiguous [T,B,C] (dynamic) or [B,C] (static)
        public required bool[] Static;
        public required long[] Shape;            // T, B, C
        public required ScalarType DType;
        public required bool[] NeedsGrad;        // forcings, initial, params...

        public void Dispose()
        {
            foreach (var t in new[] { Prcp, Temp, Pet, Initial, Checkpoints }.Concat(Params)) t?.Dispose();
        }
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var options = (HbvFusedOptions)vars[0];
        var forcings = (Tensor)vars[1];
        var initial = (Tensor)vars[2];
        var final = (Tensor)vars[3];
        var paramTensors = vars.Skip(4).Select(v => v as Tensor).ToArray();
        long T = forcings.shape[0], B = forcings.shape[1], C = initial.shape[2];
        var dtype = forcings.dtype;

        // Saved without a copy where the input already is contiguous and of this dtype (a dynamic parameter [T, B, C]
        // is the largest input): the backward reads the storage the caller passed in, which nothing modifies in place.
        Tensor Own(Tensor t) => t.detach().to(dtype).contiguous().DetachFromDisposeScope();
        var isStatic = paramTensors.Select(p => p is not null && (p.shape[0] == 1 || p.stride(0) == 0)).ToArray();
        var saved = new Saved
        {
            Options = options,
            Prcp = Own(forcings.select(2, 0)),
            Temp = Own(forcings.select(2, 1)),
            Pet = Own(forcings.select(2, 2)),
            Initial = Own(initial),
            Params = paramTensors.Select((p, i) => p is null ? null : Own(isStatic[i] ? p.select(0, 0) : p)).ToArray(),
            Static = isStatic,
            Shape = [T, B, C],
            DType = dtype,
            Checkpoints = empty((T + HbvKernel<float>.Segment - 1) / HbvKernel<float>.Segment, 5, B, C, dtype: dtype).DetachFromDisposeScope(),
            NeedsGrad = new[] { forcings.requires_grad, initial.requires_grad }.Concat(paramTensors.Select(p => p?.requires_grad ?? false)).ToArray(),
        };
        var fluxes = zeros(HbvKernel<float>.Outputs, T, B, dtype: dtype);
        using (var finalOwned = empty(5, B, C, dtype: dtype))
        {
            if (dtype == ScalarType.Float32) Forward<float>(saved, fluxes, finalOwned);
            else Forward<double>(saved, fluxes, finalOwned);
            final.copy_(finalOwned);
        }
        if (saved.NeedsGrad.Any(n => n)) ctx.save_data("saved", saved);
        else saved.Dispose();
        return fluxes;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradFluxes)
    {
        using var saved = (Saved)ctx.get_data("saved");
        long T = saved.Shape[0], B = saved.Shape[1], C = saved.Shape[2];
        var g = gradFluxes.to(saved.DType).contiguous();
        var gPrcp = zeros(T, B, dtype: saved.DType);
        var gTemp = zeros(T, B, dtype: saved.DType);
        var gPet = zeros(T, B, dtype: saved.DType);
        var gInitial = zeros(5, B, C, dtype: saved.DType);
        var gParams = saved.Params.Select(p => p is null ? null : zeros_like(p)).ToArray();
        if (saved.DType == ScalarType.Float32) Backward<float>(saved, g, gPrcp, gTemp, gPet, gInitial, gParams);
        else Backward<double>(saved, g, gPrcp, gTemp, gPet, gInitial, gParams);

        var result = new List<Tensor>
        {
            null!,                                                         // options
            saved.NeedsGrad[0] ? stack([gPrcp, gTemp, gPet], 2) : null!,   // forcings [T, B, 3]
            saved.NeedsGrad[1] ? gInitial : null!,                         // initial stores
            null!,                                                         // final stores (output buffer)
        };
        for (int i = 0; i < gParams.Length; i++)
        {
            if (gParams[i] is not { } gp || !saved.NeedsGrad[2 + i]) { result.Add(null!); continue; }
            // A static parameter came in as a stride-0 expansion over time: its expand node sums the gradient over T,
            // so hand it the total spread evenly as a (free) expanded view.
            result.Add(saved.Static[i] ? (gp / T).unsqueeze(0).expand(T, B, C) : gp);
        }
        return result;
    }

    static unsafe HbvKernelData<T> Data<T>(Saved s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = new HbvKernelData<T>
        {
            Days = (int)s.Shape[0], Basins = (int)s.Shape[1], Components = (int)s.Shape[2],
            BetaEt = s.Options.BetaEt, Capillary = s.Options.Capillary, Exchange = s.Options.Exchange, NearZero = T.CreateChecked(s.Options.NearZero),
            Prcp = s.Prcp.Pointer<T>(), Temp = s.Temp.Pointer<T>(), Pet = s.Pet.Pointer<T>(),
            InitialStores = s.Initial.Pointer<T>(), Checkpoints = s.Checkpoints.Pointer<T>(),
        };
        for (int i = 0; i < s.Params.Length; i++)
        {
            if (s.Params[i] is not { } p) continue;
            d.Params[i] = p.Pointer<T>();
            d.ParamTimeStride[i] = s.Static[i] ? 0 : s.Shape[1] * s.Shape[2];
        }
        return d;
    }

    static unsafe void Forward<T>(Saved s, Tensor fluxes, Tensor final) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = Data<T>(s);
        d.Fluxes = fluxes.Pointer<T>();
        d.FinalStores = final.Pointer<T>();
        HbvKernel<T>.Forward(d);
    }

    static unsafe void Backward<T>(Saved s, Tensor g, Tensor gPrcp, Tensor gTemp, Tensor gPet, Tensor gInitial, Tensor?[] gParams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = Data<T>(s);
        var grads = new HbvKernelGrads<T>
        {
            FluxGrads = g.Pointer<T>(), GPrcp = gPrcp.Pointer<T>(), GTemp = gTemp.Pointer<T>(),
            GPet = gPet.Pointer<T>(), GInitialStores = gInitial.Pointer<T>(),
        };
        for (int i = 0; i < gParams.Length; i++)
            if (gParams[i] is { } gp) grads.GParams[i] = gp.Pointer<T>();
        HbvKernel<T>.Backward(d, grads);
    }
}
