using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.HbvFamily.Fused;

/// <summary>
/// Pointers and sizes of one fused HBV run over <c>T</c> days, <c>B</c> basins and <c>C</c> components. All arrays are
/// dense, time-major. A parameter is dynamic (<c>[T, B, C]</c>) when its time stride is <c>B·C</c>, static
/// (<c>[B, C]</c>) when it is 0.
/// </summary>
internal sealed unsafe class HbvKernelData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Days, Basins, Components;
    public bool BetaEt, Capillary, Exchange;
    public T NearZero;

    /// <summary>Forcings <c>[T, B]</c>.</summary>
    public T* Prcp, Temp, Pet;

    /// <summary>Parameters in <see cref="HbvParams{T}"/> order; null where the model has none (value 0).</summary>
    public readonly T*[] Params = new T*[HbvParams<T>.Count];

    /// <summary>Time stride of each parameter: <c>B·C</c> (dynamic) or 0 (static).</summary>
    public readonly long[] ParamTimeStride = new long[HbvParams<T>.Count];

    /// <summary>Initial stores <c>[5, B, C]</c>.</summary>
    public T* InitialStores;

    /// <summary>
    /// Component-mean outputs <c>[K + 5, T, B]</c> (forward output): the fluxes in <see cref="HbvFluxes{T}"/> order, then
    /// the five stores at the end of each day (SP, MW, SM, SUZ, SLZ).
    /// </summary>
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
    /// <summary>d(loss)/d(component-mean outputs) <c>[K + 5, T, B]</c> (input), same layout as <see cref="HbvKernelData{T}.Fluxes"/>.</summary>
    public T* FluxGrads;

    /// <summary>d(loss)/d(final stores) <c>[5, B, C]</c> (input; null = zero).</summary>
    public T* FinalStoreGrads;

    /// <summary>Outputs, zero-initialised by the caller: same shapes as the corresponding inputs (null = not needed).</summary>
    public T* GPrcp, GTemp, GPet, GInitialStores;

    public readonly T*[] GParams = new T*[HbvParams<T>.Count];
}

/// <summary>
/// The fused HBV 1.0 / 1.1p / 2.0 time loop (issue: fast physics): the whole daily loop in C# over plain arrays, SIMD
/// across components (lanes of <c>Vector&lt;T&gt;</c> over the flattened basin × component axis) and parallel across
/// basin ranges. Only the stores at every <see cref="Segment"/>-th day are kept; the backward pass recomputes each
/// segment forward (keeping its trace) and sweeps the adjoint backwards in time through <see cref="HbvStep{T}.Backward"/>.
/// Memory for the backward: <c>5·B·C·T/Segment</c> values instead of the autograd tape's ~60 tensors per day.
/// </summary>
internal static unsafe class HbvKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Days between stored states (checkpointing interval).</summary>
    public const int Segment = 32;

    const int K = HbvFluxes<T>.Count;
    const int S = HbvStores<T>.Count;

    /// <summary>Output channels: the fluxes, then the end-of-day stores.</summary>
    public const int Outputs = K + S;
    const int NP = HbvParams<T>.Count;
    static readonly int L = Vector<T>.Count;

    public static void Forward(HbvKernelData<T> d) => ForRanges(d, (b0, b1) => ForwardRange(d, b0, b1));

    public static void Backward(HbvKernelData<T> d, HbvKernelGrads<T> g) => ForRanges(d, (b0, b1) => BackwardRange(d, g, b0, b1));

    static void ForRanges(HbvKernelData<T> d, Action<int, int> body)
    {
        // Small ranges of whole basins (component means never cross a range): about 4 lane groups each, so that a
        // range's backward trace (Segment days × its groups) stays in the core's L2 cache, and a basin count whose
        // elements fill whole groups (no padded lanes but at the end). Many ranges also balance the cores.
        int unit = L / (int)BigInteger.GreatestCommonDivisor(d.Components, L);
        int size = unit * Math.Max(1, 4 * L / (unit * d.Components));
        if (size >= d.Basins) { body(0, d.Basins); return; }
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, d.Basins, size), r => body(r.Item1, r.Item2));
    }

    /// <summary>Lane layout of a basin range: elements <c>e = b·C + c</c> in <c>[E0, E0 + N)</c>, in groups of L lanes.</summary>
    readonly struct Lanes(HbvKernelData<T> d, int b0, int b1)
    {
        public readonly long E0 = (long)b0 * d.Components;
        public readonly int N = (b1 - b0) * d.Components;
        public int Groups => (N + L - 1) / L;
        public int Count(int g) => Math.Min(L, N - g * L);
    }

    /// <summary>Loads <paramref name="count"/> values (padding the rest of the lane with the last one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Load(T* src, int count) => count == L ? Unsafe.ReadUnaligned<Vector<T>>(src) : LoadPartial(src, count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Vector<T> LoadPartial(T* src, int count)
    {
        Span<T> tmp = stackalloc T[L];
        for (int l = 0; l < L; l++) tmp[l] = src[Math.Min(l, count - 1)];
        return new Vector<T>(tmp);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(T* dst, Vector<T> v, int count)
    {
        if (count == L) Unsafe.WriteUnaligned(dst, v);
        else for (int l = 0; l < count; l++) dst[l] = v[l];
    }

    /// <summary>
    /// A forcing row <c>[B]</c> spread over the lanes of a group: a broadcast when all its lanes belong to basin
    /// <paramref name="basin"/> (≥ 0), else a gather of each lane's basin.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> LoadForcing(T* row, int basin, long e, int count, int C) =>
        basin >= 0 ? new Vector<T>(row[basin]) : GatherForcing(row, e, count, C);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Vector<T> GatherForcing(T* row, long e, int count, int C)
    {
        Span<T> tmp = stackalloc T[L];
        for (int l = 0; l < L; l++) tmp[l] = row[(e + Math.Min(l, count - 1)) / C];
        return new Vector<T>(tmp);
    }

    /// <summary>For each group of a range: the basin all its lanes belong to, or −1 when it spans several.</summary>
    static int[] GroupBasins(Lanes lanes, int C)
    {
        var result = new int[lanes.Groups];
        for (int g = 0; g < result.Length; g++)
        {
            long e = lanes.E0 + g * L, first = e / C, last = (e + lanes.Count(g) - 1) / C;
            result[g] = first == last ? (int)first : -1;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void LoadParams(HbvKernelData<T> d, int t, long e, int count, ref HbvParams<T> p)
    {
        for (int i = 0; i < NP; i++)
        {
            var ptr = d.Params[i];
            if (ptr != null) p[i] = Load(ptr + t * d.ParamTimeStride[i] + e, count);
        }
    }

    // Fully optimized from the first call: tiered compilation would run these long loops as Tier-0/OSR code first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ForwardRange(HbvKernelData<T> d, int b0, int b1)
    {
        var lanes = new Lanes(d, b0, b1);
        int C = d.Components, B = d.Basins, G = lanes.Groups;
        long bc = d.BC, plane = (long)d.Days * B;
        var eps = new Vector<T>(d.NearZero);
        T invC = T.One / T.CreateChecked(C);
        var stores = new HbvStores<T>[G];
        for (int g = 0; g < G; g++)
            for (int k = 0; k < S; k++) stores[g][k] = Load(d.InitialStores + k * bc + lanes.E0 + g * L, lanes.Count(g));

        int nb = b1 - b0;
        var groupBasin = GroupBasins(lanes, C);
        // Basins with a lane group shared with another basin (or padded) take their outputs per element (fluxRow);
        // the others only through lane sums. With C a multiple of the lane count there are none.
        var mixed = new bool[nb];
        for (int g = 0; g < G; g++)
            if (groupBasin[g] < 0 || lanes.Count(g) < L)
                for (long e = lanes.E0 + g * L, end = e + lanes.Count(g); e < end; e++) mixed[(int)(e / C) - b0] = true;
        bool anyMixed = mixed.Contains(true);
        var fluxRow = new T[anyMixed ? Outputs * lanes.N : 0];            // [K+S, N] outputs of one day, per element (mixed groups)
        var vectorSums = new Vector<T>[Outputs * nb];                     // [K+S, nb] lane sums (groups within one basin)
        var p = default(HbvParams<T>);
        var f = default(HbvFluxes<T>);
        var x = default(HbvTrace<T>);
        for (int t = 0; t < d.Days; t++)
        {
            if (t % Segment == 0) SaveCheckpoint(d, lanes, t / Segment, stores);
            T* prcpRow = d.Prcp + (long)t * B, tempRow = d.Temp + (long)t * B, petRow = d.Pet + (long)t * B;
            if (anyMixed) Array.Clear(fluxRow);
            Array.Clear(vectorSums);
            for (int g = 0; g < G; g++)
            {
                long e = lanes.E0 + g * L;
                int n = lanes.Count(g), gb = groupBasin[g];
                LoadParams(d, t, e, n, ref p);
                HbvStep<T>.Forward(p, LoadForcing(prcpRow, gb, e, n, C), LoadForcing(tempRow, gb, e, n, C), LoadForcing(petRow, gb, e, n, C),
                    eps, d.BetaEt, d.Capillary, d.Exchange, ref stores[g], ref f, ref x);
                if (gb >= 0 && n == L)
                {
                    for (int k = 0; k < K; k++) vectorSums[k * nb + gb - b0] += f[k];
                    for (int k = 0; k < S; k++) vectorSums[(K + k) * nb + gb - b0] += stores[g][k];
                }
                else
                    fixed (T* row = fluxRow)
                    {
                        for (int k = 0; k < K; k++) Store(row + k * lanes.N + g * L, f[k], n);
                        for (int k = 0; k < S; k++) Store(row + (K + k) * lanes.N + g * L, stores[g][k], n);
                    }
            }
            // Component means per basin.
            for (int k = 0; k < Outputs; k++)
            for (int b = b0; b < b1; b++)
            {
                T sum = Vector.Sum(vectorSums[k * nb + b - b0]);
                if (mixed[b - b0])
                {
                    int at = k * lanes.N + (b - b0) * C;
                    for (int c = 0; c < C; c++) sum += fluxRow[at + c];
                }
                d.Fluxes[k * plane + (long)t * B + b] = sum * invC;
            }
        }
        for (int g = 0; g < G; g++)
            for (int k = 0; k < S; k++) Store(d.FinalStores + k * bc + lanes.E0 + g * L, stores[g][k], lanes.Count(g));
    }

    static void SaveCheckpoint(HbvKernelData<T> d, Lanes lanes, int segment, HbvStores<T>[] stores)
    {
        long bc = d.BC, at = (long)segment * S * bc + lanes.E0;
        for (int g = 0; g < stores.Length; g++)
            for (int k = 0; k < S; k++) Store(d.Checkpoints + at + k * bc + g * L, stores[g][k], lanes.Count(g));
    }

    // Fully optimized from the first call: tiered compilation would run these long loops as Tier-0/OSR code first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BackwardRange(HbvKernelData<T> d, HbvKernelGrads<T> grads, int b0, int b1)
    {
        var lanes = new Lanes(d, b0, b1);
        int C = d.Components, B = d.Basins, G = lanes.Groups;
        long bc = d.BC, plane = (long)d.Days * B;
        var eps = new Vector<T>(d.NearZero);
        T invC = T.One / T.CreateChecked(C);

        var lambda = new HbvStores<T>[G];
        if (grads.FinalStoreGrads != null)
            for (int g = 0; g < G; g++)
                for (int k = 0; k < S; k++) lambda[g][k] = Load(grads.FinalStoreGrads + k * bc + lanes.E0 + g * L, lanes.Count(g));

        var groupBasin = GroupBasins(lanes, C);
        var staticGrads = new HbvParams<T>[G];
        var states = Buffer(ref stateBuffer, Segment * G);             // stores at the start of each day of a segment
        var traces = Buffer(ref traceBuffer, Segment * G);             // and that day's intermediates
        Span<T> forcingGrad = stackalloc T[L];
        var vInvC = new Vector<T>(invC);
        var p = default(HbvParams<T>);
        var f = default(HbvFluxes<T>);

        for (int seg = d.SegmentCount - 1; seg >= 0; seg--)
        {
            int t0 = seg * Segment, t1 = Math.Min(d.Days, t0 + Segment);
            var s = new HbvStores<T>[G];
            long ck = (long)seg * S * bc + lanes.E0;
            for (int g = 0; g < G; g++)
                for (int k = 0; k < S; k++) s[g][k] = Load(d.Checkpoints + ck + k * bc + g * L, lanes.Count(g));
            for (int t = t0; t < t1; t++)
            {
                T* prcpRow = d.Prcp + (long)t * B, tempRow = d.Temp + (long)t * B, petRow = d.Pet + (long)t * B;
                for (int g = 0; g < G; g++)
                {
                    long e = lanes.E0 + g * L;
                    int n = lanes.Count(g), at = (t - t0) * G + g, gb = groupBasin[g];
                    LoadParams(d, t, e, n, ref p);
                    states[at] = s[g];
                    HbvStep<T>.Forward(p, LoadForcing(prcpRow, gb, e, n, C), LoadForcing(tempRow, gb, e, n, C), LoadForcing(petRow, gb, e, n, C),
                        eps, d.BetaEt, d.Capillary, d.Exchange, ref s[g], ref f, ref traces[at]);
                }
            }

            for (int t = t1 - 1; t >= t0; t--)
            {
                T* tempRow = d.Temp + (long)t * B, petRow = d.Pet + (long)t * B;
                for (int g = 0; g < G; g++)
                {
                    long e = lanes.E0 + g * L;
                    int n = lanes.Count(g), at = (t - t0) * G + g, gb = groupBasin[g];
                    LoadParams(d, t, e, n, ref p);
                    var gf = default(HbvFluxes<T>);
                    for (int k = 0; k < K; k++)
                        gf[k] = LoadForcing(grads.FluxGrads + k * plane + (long)t * B, gb, e, n, C) * vInvC;
                    // End-of-day store outputs: their gradient joins the adjoint of the stores after day t.
                    for (int k = 0; k < S; k++)
                        lambda[g][k] += LoadForcing(grads.FluxGrads + (K + k) * plane + (long)t * B, gb, e, n, C) * vInvC;
                    var gp = default(HbvParams<T>);
                    Vector<T> gPrcp = default, gTemp = default, gPet = default;
                    HbvStep<T>.Backward(p, LoadForcing(tempRow, gb, e, n, C), LoadForcing(petRow, gb, e, n, C), eps, d.BetaEt, d.Capillary, d.Exchange,
                        states[at], traces[at], gf, ref lambda[g], ref gp, ref gPrcp, ref gTemp, ref gPet);

                    for (int i = 0; i < NP; i++)
                    {
                        if (grads.GParams[i] == null) continue;
                        if (d.ParamTimeStride[i] == 0) { staticGrads[g][i] += gp[i]; continue; }
                        T* dst = grads.GParams[i] + t * d.ParamTimeStride[i] + e;
                        Store(dst, Load(dst, n) + gp[i], n);
                    }
                    AddToBasins(grads.GPrcp, t, B, gb, e, n, C, gPrcp, forcingGrad);
                    AddToBasins(grads.GTemp, t, B, gb, e, n, C, gTemp, forcingGrad);
                    AddToBasins(grads.GPet, t, B, gb, e, n, C, gPet, forcingGrad);
                }
            }
        }

        for (int g = 0; g < G; g++)
        {
            long e = lanes.E0 + g * L;
            int n = lanes.Count(g);
            for (int i = 0; i < NP; i++)
            {
                if (grads.GParams[i] == null || d.ParamTimeStride[i] != 0) continue;
                T* dst = grads.GParams[i] + e;
                Store(dst, Load(dst, n) + staticGrads[g][i], n);
            }
            if (grads.GInitialStores != null)
                for (int k = 0; k < S; k++)
                {
                    T* dst = grads.GInitialStores + k * bc + e;
                    Store(dst, Load(dst, n) + lambda[g][k], n);
                }
        }
    }

    [ThreadStatic] static HbvStores<T>[]? stateBuffer;
    [ThreadStatic] static HbvTrace<T>[]? traceBuffer;

    /// <summary>A per-thread scratch array of at least <paramref name="length"/> (every element is written before it is read).</summary>
    static TItem[] Buffer<TItem>(ref TItem[]? cache, int length) => cache is { } c && c.Length >= length ? c : cache = new TItem[length];

    /// <summary>Adds each lane's value to the forcing gradient of its basin on day t.</summary>
    static void AddToBasins(T* grad, int t, int B, int basin, long e, int count, int C, Vector<T> v, Span<T> tmp)
    {
        if (grad == null) return;
        T* row = grad + (long)t * B;
        if (basin >= 0 && count == L) { row[basin] += Vector.Sum(v); return; }
        v.CopyTo(tmp);
        for (int l = 0; l < count; l++) row[(e + l) / C] += tmp[l];
    }
}
