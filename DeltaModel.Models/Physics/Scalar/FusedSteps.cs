using DeltaModel.Models.Physics.HbvFamily.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The generic fused backend (issue 15): the daily loop of any model that declares its step as an
/// <see cref="IScalarStep"/>, as one TorchSharp autograd node — forward and backward in C# over every (basin,
/// component), basins in parallel, in float64 whatever the run's dtype — instead of ~60 tensor ops per day. The
/// backward is reverse mode over the recorded daily steps (<see cref="Adjoint"/>, <see cref="Tape"/>), so it is exact
/// and needs no hand-written adjoint. Same contract as <see cref="PhysicsModel"/>'s <c>RunDays</c>.
/// </summary>
public static class FusedSteps
{
    /// <summary>Whether the fused loop can run on tensors of this device and type (CPU float32/float64).</summary>
    public static bool Supports(Tensor t) => HbvFused.Supports(t);

    /// <summary>Most memory the forward keeps for the backward: the stores at the start of every day of every (basin,
    /// component), T × B × C × S doubles, so the backward need not recompute them (a forward's worth of work). Above
    /// it they are recomputed. The zoo-quick minibatch (730 days × 100 basins × 16 components) keeps 84 MB for SAC-SMA's
    /// 9 stores and 299 MB for GR4J–CemaNeige's 32 (most of them unit-hydrograph slots).</summary>
    internal const long MaxKeptStoreBytes = 512L << 20;

    static readonly AsyncLocal<bool> referencePath = new();

    /// <summary>Test seam: until disposed, runs started on this flow (async context) take the components one at a time
    /// instead of in SIMD lane groups and recompute the stores in the backward instead of keeping them — the reference the
    /// faster path is tested against. Other flows are unaffected.</summary>
    internal static IDisposable ReferencePath()
    {
        bool previous = referencePath.Value;
        referencePath.Value = true;
        return new Scope(() => referencePath.Value = previous);
    }

    /// <summary>Runs <paramref name="step"/> over the days. Differentiable w.r.t. forcings, parameters and initial stores.</summary>
    /// <param name="step">The model's declared step.</param>
    /// <param name="forcings"><c>[T, B, F]</c>, the step's forcing channels.</param>
    /// <param name="parameters">The step's parameters in its order, each <c>[T, B, C]</c> (a stride-0 time axis marks a static one).</param>
    /// <param name="initialStores"><c>[S, B, C]</c>.</param>
    /// <returns>Component-mean fluxes then stores <c>[K + S, T, B]</c> (differentiable) and the final stores <c>[S, B, C]</c>
    /// (no gradient, as with HBV's fused kernel: spin-up and crop modes never need one), in the forcings' dtype.</returns>
    public static (Tensor Records, Tensor Final) Run<TStep>(TStep step, Tensor forcings, IReadOnlyList<Tensor> parameters, Tensor initialStores)
        where TStep : struct, IScalarStep
    {
        if (!Supports(forcings)) throw new ArgumentException("the fused step backend runs on CPU float32/float64 tensors; use physics backend 'tensor' elsewhere.");
        if (forcings.dim() != 3 || forcings.shape[2] != step.Forcings)
            throw new ArgumentException($"fused step: forcings must be [T, B, {step.Forcings}], got [{string.Join(", ", forcings.shape)}].");
        if (parameters.Count != step.Parameters) throw new ArgumentException($"fused step: expected {step.Parameters} parameters, got {parameters.Count}.");
        if (initialStores.dim() != 3 || initialStores.shape[0] != step.Stores)
            throw new ArgumentException($"fused step: initial stores must be [{step.Stores}, B, C], got [{string.Join(", ", initialStores.shape)}].");
        var final = empty(step.Stores, forcings.shape[1], initialStores.shape[2], dtype: forcings.dtype);
        var args = new object[] { step, referencePath.Value, forcings, initialStores, final }.Concat(parameters).ToArray();
        return (ScalarStepFunction<TStep>.apply(args), final);
    }
}

/// <summary>The autograd node of <see cref="FusedSteps.Run{TStep}"/>.</summary>
internal sealed class ScalarStepFunction<TStep> : autograd.SingleTensorFunction<ScalarStepFunction<TStep>>
    where TStep : struct, IScalarStep
{
    public override string Name => "FusedStep";

    /// <summary>Float64 copies of the inputs, kept out of dispose scopes until the backward has run.</summary>
    sealed class Saved : IDisposable
    {
        public required TStep Step;
        public required bool Vectorised;
        public Tensor? KeptStores;               // [B, C, T, S] (see ScalarStepKernel.Data.KeptStores), or null: recompute
        public required Tensor Forcings, Initial;
        public required Tensor[] Params;         // [T, B, C] (dynamic) or [B, C] (static)
        public required bool[] Static;
        public required long[] Shape;            // T, B, C
        public required ScalarType DType;
        public required bool[] NeedsGrad;        // forcings, initial, params...

        public void Dispose()
        {
            foreach (var t in Params.Append(Forcings).Append(Initial)) t.Dispose();
            KeptStores?.Dispose();
        }
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var step = (TStep)vars[0];
        var reference = (bool)vars[1];
        var forcings = (Tensor)vars[2];
        var initial = (Tensor)vars[3];
        var final = (Tensor)vars[4];
        var parameters = vars.Skip(5).Cast<Tensor>().ToArray();
        long T = forcings.shape[0], B = forcings.shape[1], C = initial.shape[2];
        static Tensor Own(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().DetachFromDisposeScope();
        var isStatic = parameters.Select(p => p.shape[0] == 1 || p.stride(0) == 0).ToArray();
        var saved = new Saved
        {
            Step = step,
            Vectorised = !reference,
            Forcings = Own(forcings),
            Initial = Own(initial),
            Params = [.. parameters.Select((p, i) => Own(isStatic[i] ? p.select(0, 0) : p))],
            Static = isStatic,
            Shape = [T, B, C],
            DType = forcings.dtype,
            NeedsGrad = [forcings.requires_grad, initial.requires_grad, .. parameters.Select(p => p.requires_grad)],
        };
        var records = zeros(step.Fluxes + step.Stores, T, B, dtype: ScalarType.Float64);
        using var finalOwned = empty(step.Stores, B, C, dtype: ScalarType.Float64);
        if (saved.NeedsGrad.Any(n => n) && !reference && T * B * C * step.Stores * sizeof(double) <= FusedSteps.MaxKeptStoreBytes)
            saved.KeptStores = empty(B, C, T, step.Stores, dtype: ScalarType.Float64).DetachFromDisposeScope();
        unsafe
        {
            var d = Data(saved);
            d.Records = records.Pointer<double>();
            d.Final = finalOwned.Pointer<double>();
            ScalarStepKernel<TStep>.Forward(d);
        }
        final.copy_(finalOwned);
        if (saved.NeedsGrad.Any(n => n)) ctx.save_data("saved", saved);
        else saved.Dispose();
        if (saved.DType == ScalarType.Float64) return records;
        using (records) return records.to(saved.DType);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradRecords)
    {
        using var saved = (Saved)ctx.get_data("saved");
        long T = saved.Shape[0], B = saved.Shape[1], C = saved.Shape[2];
        using var g = gradRecords.to(ScalarType.Float64).contiguous();
        var gForcings = saved.NeedsGrad[0] ? zeros_like(saved.Forcings) : null;
        var gInitial = zeros_like(saved.Initial);
        var gParams = saved.Params.Select((p, i) => saved.NeedsGrad[2 + i] ? zeros_like(p) : null).ToArray();
        unsafe
        {
            var d = Data(saved);
            d.GRecords = g.Pointer<double>();
            d.GForcings = gForcings is null ? null : gForcings.Pointer<double>();
            d.GInitial = gInitial.Pointer<double>();
            d.GParams = new double*[gParams.Length];
            for (int i = 0; i < gParams.Length; i++) d.GParams[i] = gParams[i] is { } gp ? gp.Pointer<double>() : null;
            ScalarStepKernel<TStep>.Backward(d);
        }
        var result = new List<Tensor>
        {
            null!,                                                         // step
            null!,                                                         // vectorised
            gForcings?.to(saved.DType)!,                                   // forcings [T, B, F]
            saved.NeedsGrad[1] ? gInitial.to(saved.DType) : null!,         // initial stores
            null!,                                                         // final stores (output buffer)
        };
        for (int i = 0; i < gParams.Length; i++)
        {
            if (gParams[i] is not { } gp) { result.Add(null!); continue; }
            // A static parameter came in as a stride-0 expansion over time: its expand node sums the gradient over T,
            // so hand it the total spread evenly as a (free) expanded view (as HbvFused does).
            result.Add(saved.Static[i] ? (gp / T).to(saved.DType).unsqueeze(0).expand(T, B, C) : gp.to(saved.DType));
        }
        return result;
    }

    static unsafe ScalarStepKernel<TStep>.Data Data(Saved s)
    {
        var pointers = new double*[s.Params.Length];
        for (int i = 0; i < pointers.Length; i++) pointers[i] = s.Params[i].Pointer<double>();
        return new()
        {
            Step = s.Step,
            Vectorised = s.Vectorised,
            Days = (int)s.Shape[0], Basins = (int)s.Shape[1], Components = (int)s.Shape[2],
            Forcings = s.Forcings.Pointer<double>(),
            Initial = s.Initial.Pointer<double>(),
            Params = pointers,
            ParamTimeStride = [.. s.Static.Select(st => st ? 0 : s.Shape[1] * s.Shape[2])],
            KeptStores = s.KeptStores is { } kept ? kept.Pointer<double>() : null,
        };
    }
}
