using System.Numerics;

namespace DeltaModel.Models.Physics.Fused;

/// <summary>
/// Pointers and sizes of one fused HBV run over <c>T</c> days, <c>B</c> basins and <c>C</c> components. All arrays are
/// dense, time-major. A parameter is dynamic (<c>[T, B, C]</c>) when its time stride is <c>B·C</c>, static
/// (<c>[B, C]</c>) when it is 0.
/// </summary>
internal sealed unsafe class HbvKernelData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Days, Basins, Components;
    public bool BetaEt, Capillary;
    public T NearZero;

    /// <summary>Forcings <c>[T, B]</c>.</summary>
    public T* Prcp, Temp, Pet;

    /// <summary>Parameters in <see cref="HbvParams{T}"/> order; null where the model has none (value 0).</summary>
    public readonly T*[] Params = new T*[HbvParams<T>.Count];

    /// <summary>Time stride of each parameter: <c>B·C</c> (dynamic) or 0 (static).</summary>
    public readonly long[] ParamTimeStride = new long[HbvParams<T>.Count];

    /// <summary>Initial stores <c>[5, B, C]</c>.</summary>
    public T* InitialStores;

    /// <summary>Component-mean fluxes <c>[K, T, B]</c> in <see cref="HbvFluxes{T}"/> order (forward output).</summary>
    public T* Fluxes;

    /// <summary>Final stores <c>[5, B, C]</c> (forward output).</summary>
    public T* FinalStores;

    /// <summary>Stores at the start of every <see cref="HbvKernel{T}.Segment"/>-th day <c>[nSeg, 5, B, C]</c>.</summary>
    public T* Checkpoints;

    public long BC => (long)Basins * Components;
    public int SegmentCount => (Days + HbvKernel<T>.Segment - 1) / HbvKernel<T>.Segment;
}

/// <summary>Gradient buffers for <see cref="HbvKernel{T}.Backward"/>.</summary>
internal sealed unsafe class HbvKernelGrads<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>d(loss)/d(component-mean fluxes) <c>[K, T, B]</c> (input).</summary>
    public T* FluxGrads;

    /// <summary>d(loss)/d(final stores) <c>[5, B, C]</c> (input; null = zero).</summary>
    public T* FinalStoreGrads;

    /// <summary>Outputs, zero-initialised by the caller: same shapes as the corresponding inputs (null = not needed).</summary>
    public T* GPrcp, GTemp, GPet, GInitialStores;

    public readonly T*[] GParams = new T*[HbvParams<T>.Count];
}

/// <summary>
/// The fused HBV 1.0 / 1.1p time loop (issue: fast physics): the whole daily loop in C# over plain arrays, parallel
/// across basins, keeping only the stores at every <see cref="Segment"/>-th day; the backward pass recomputes each
/// segment forward and then sweeps the adjoint backwards in time through <see cref="HbvStep{T}.Backward"/>.
/// Memory: <c>5·B·C·T/Segment</c> values for the backward instead of the autograd tape's ~60 tensors per day.
/// </summary>
internal static unsafe class HbvKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Days between stored states (checkpointing interval).</summary>
    public const int Segment = 32;

    const int K = HbvFluxes<T>.Count;
    const int S = HbvStores<T>.Count;
    const int NP = HbvParams<T>.Count;

    public static void Forward(HbvKernelData<T> d) =>
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, d.Basins, Math.Max(1, d.Basins / (4 * Environment.ProcessorCount))),
            range => { for (int b = range.Item1; b < range.Item2; b++) ForwardBasin(d, b); });

    public static void Backward(HbvKernelData<T> d, HbvKernelGrads<T> g) =>
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, d.Basins, Math.Max(1, d.Basins / (4 * Environment.ProcessorCount))),
            range => { for (int b = range.Item1; b < range.Item2; b++) BackwardBasin(d, g, b); });

    static void ForwardBasin(HbvKernelData<T> d, int b)
    {
        int C = d.Components, B = d.Basins;
        long bc = d.BC;
        T invC = T.One / T.CreateChecked(C);
        var stores = new HbvStores<T>[C];
        for (int c = 0; c < C; c++)
            for (int k = 0; k < S; k++) stores[c][k] = d.InitialStores[k * bc + (long)b * C + c];

        Span<T> sums = stackalloc T[K];
        for (int t = 0; t < d.Days; t++)
        {
            if (t % Segment == 0)
            {
                long seg = (long)(t / Segment) * S * bc;
                for (int c = 0; c < C; c++)
                    for (int k = 0; k < S; k++) d.Checkpoints[seg + k * bc + (long)b * C + c] = stores[c][k];
            }
            long tb = (long)t * B + b;
            T prcp = d.Prcp[tb], temp = d.Temp[tb], pet = d.Pet[tb];
            sums.Clear();
            for (int c = 0; c < C; c++)
            {
                var p = LoadParams(d, t, b, c);
                HbvStep<T>.Forward(p, prcp, temp, pet, d.NearZero, d.BetaEt, d.Capillary, ref stores[c], out var f, out _);
                for (int k = 0; k < K; k++) sums[k] += f[k];
            }
            long plane = (long)d.Days * B;
            for (int k = 0; k < K; k++) d.Fluxes[k * plane + tb] = sums[k] * invC;
        }
        for (int c = 0; c < C; c++)
            for (int k = 0; k < S; k++) d.FinalStores[k * bc + (long)b * C + c] = stores[c][k];
    }

    static void BackwardBasin(HbvKernelData<T> d, HbvKernelGrads<T> g, int b)
    {
        int C = d.Components, B = d.Basins;
        long bc = d.BC, plane = (long)d.Days * B;
        T invC = T.One / T.CreateChecked(C);
        var lambda = new HbvStores<T>[C];
        if (g.FinalStoreGrads != null)
            for (int c = 0; c < C; c++)
                for (int k = 0; k < S; k++) lambda[c][k] = g.FinalStoreGrads[k * bc + (long)b * C + c];

        // Static parameters accumulate over time in registers of this basin, written once at the end.
        var staticGrads = new HbvParams<T>[C];
        var states = new HbvStores<T>[Segment * C];                     // stores at the start of each day of a segment

        for (int seg = d.SegmentCount - 1; seg >= 0; seg--)
        {
            int t0 = seg * Segment, t1 = Math.Min(d.Days, t0 + Segment);
            long ck = (long)seg * S * bc;
            for (int c = 0; c < C; c++)
            {
                var s = default(HbvStores<T>);
                for (int k = 0; k < S; k++) s[k] = d.Checkpoints[ck + k * bc + (long)b * C + c];
                for (int t = t0; t < t1; t++)
                {
                    states[(t - t0) * C + c] = s;
                    long tb = (long)t * B + b;
                    HbvStep<T>.Forward(LoadParams(d, t, b, c), d.Prcp[tb], d.Temp[tb], d.Pet[tb], d.NearZero,
                        d.BetaEt, d.Capillary, ref s, out _, out _);
                }
            }

            for (int t = t1 - 1; t >= t0; t--)
            {
                long tb = (long)t * B + b;
                T prcp = d.Prcp[tb], temp = d.Temp[tb], pet = d.Pet[tb];
                var gf = default(HbvFluxes<T>);
                for (int k = 0; k < K; k++) gf[k] = g.FluxGrads[k * plane + tb] * invC;
                T gPrcp = T.Zero, gTemp = T.Zero, gPet = T.Zero;
                for (int c = 0; c < C; c++)
                {
                    var p = LoadParams(d, t, b, c);
                    var gp = default(HbvParams<T>);
                    HbvStep<T>.Backward(p, prcp, temp, pet, d.NearZero, d.BetaEt, d.Capillary,
                        states[(t - t0) * C + c], gf, ref lambda[c], ref gp, ref gPrcp, ref gTemp, ref gPet);
                    long dyn = (long)t * bc + (long)b * C + c;
                    for (int i = 0; i < NP; i++)
                    {
                        if (g.GParams[i] == null) continue;
                        if (d.ParamTimeStride[i] != 0) g.GParams[i][dyn] += gp[i];
                        else staticGrads[c][i] += gp[i];
                    }
                }
                if (g.GPrcp != null) g.GPrcp[tb] += gPrcp;
                if (g.GTemp != null) g.GTemp[tb] += gTemp;
                if (g.GPet != null) g.GPet[tb] += gPet;
            }
        }

        for (int c = 0; c < C; c++)
        {
            long bcIdx = (long)b * C + c;
            for (int i = 0; i < NP; i++)
                if (g.GParams[i] != null && d.ParamTimeStride[i] == 0) g.GParams[i][bcIdx] += staticGrads[c][i];
            if (g.GInitialStores != null)
                for (int k = 0; k < S; k++) g.GInitialStores[k * bc + bcIdx] += lambda[c][k];
        }
    }

    static HbvParams<T> LoadParams(HbvKernelData<T> d, int t, int b, int c)
    {
        var p = default(HbvParams<T>);
        long bc = (long)b * d.Components + c;
        for (int i = 0; i < NP; i++)
        {
            var ptr = d.Params[i];
            if (ptr != null) p[i] = ptr[t * d.ParamTimeStride[i] + bc];
        }
        return p;
    }
}
