using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The loops of <see cref="FusedSteps"/> over raw float64 memory: the forward runs a declared step over days for every
/// (basin, component), basins in parallel; the backward takes a (basin, component)'s daily stores kept by the forward
/// (<see cref="Data.KeptStores"/>) or recomputes them, then walks the days backwards recording one day on the
/// <see cref="Tape"/> at a time and sweeping it, carrying the stores' adjoints from day to day. Memory beyond the inputs, per worker thread: T × S doubles of stores and T × (K + S + F) of a
/// basin's records, their gradients and its forcing gradient, plus the kept stores when the caller gives room for them.
/// <para>A basin's records are summed over its components in a dense <c>[T, K + S]</c> buffer and scattered to the
/// <c>[K + S, T, B]</c> output once, and read the same way in the backward, so the component loop touches one
/// contiguous buffer instead of K + S strided rows. The sums are formed in the same order as a direct accumulation,
/// so the results are bit for bit those of one.</para>
/// <para>Components run in groups of <see cref="LaneMath.Width"/>, one per SIMD lane (<see cref="Lanes"/>,
/// <see cref="LaneAdjoint"/> on a <see cref="LaneTape"/>: one recording and one sweep per group and day instead of one
/// per component), and the components left over (all of them when nmul is below the width) one at a time
/// (<see cref="Real"/>, <see cref="Adjoint"/>). A lane computes its component's forward bit for bit, and its lanes are
/// added to the records in component order, so the forward does not depend on the grouping.</para>
/// </summary>
internal static unsafe class ScalarStepKernel<TStep> where TStep : struct, IScalarStep
{
    /// <summary>Pointers and shapes of one run. Forcings <c>[T, B, F]</c>; parameter i <c>[T, B, C]</c> or, static,
    /// <c>[B, C]</c> (time stride 0); initial stores <c>[S, B, C]</c>; records <c>[K + S, T, B]</c>; final <c>[S, B, C]</c>.</summary>
    public sealed class Data
    {
        public required TStep Step;
        public required int Days, Basins, Components;
        public required double* Forcings;
        public required double*[] Params;
        public required long[] ParamTimeStride;
        public required double* Initial;

        /// <summary>Whether components run in SIMD lane groups (false: one at a time, the reference the lanes are tested against).</summary>
        public bool Vectorised = true;

        /// <summary>The stores at the start of every day, <c>T × S</c> doubles per (basin, component) in the order of
        /// <c>[B, C]</c> (a lane group's block holds its lanes innermost): written by the forward when not null and read
        /// by the backward instead of recomputing them; null: the backward recomputes them.</summary>
        public double* KeptStores;

        /// <summary>Forward outputs (written): records <c>[K + S, T, B]</c>, final stores <c>[S, B, C]</c>.</summary>
        public double* Records, Final;

        /// <summary>Backward: gradient of the records (read); of initial stores, forcings and parameters (written,
        /// zeroed by the caller). A null forcing or parameter gradient is not needed: that input is recorded as a
        /// constant, so nothing that depends on it alone goes on the tape.</summary>
        public double* GRecords, GForcings, GInitial;
        public double*[] GParams = [];
    }

    /// <summary>One worker's buffers, reused for every basin it takes: the basin's records and forcing gradient, and
    /// the buffers of each kind of component group.</summary>
    sealed class Work(int T, int P, int F, int S, int K)
    {
        public readonly double[] Records = new double[(long)T * (K + S)];     // [T, K + S], the basin's component sums
        public readonly double[] GForcings = new double[(long)T * F];
        public readonly GroupWork<OneComponent, Real, Adjoint> One = new(T, P, F, S, K);
        public readonly GroupWork<LaneGroup, Lanes, LaneAdjoint> Lanes = new(T, P, F, S, K);
    }

    /// <summary>The buffers of one kind of component group: its numbers, the stores at the start of each day, and the
    /// group's tape (<see cref="Group"/>, rented for the backward).</summary>
    sealed class GroupWork<TGroup, TNum, TAdj>(int T, int P, int F, int S, int K)
        where TGroup : struct, IComponentGroup<TNum, TAdj>
        where TNum : unmanaged, IScalar<TNum>
        where TAdj : unmanaged, IScalar<TAdj>
    {
        public readonly TNum[] P = new TNum[P], F = new TNum[F], S = new TNum[S], Next = new TNum[S], Q = new TNum[K];
        public readonly TNum[] GStatic = new TNum[P], Carried = new TNum[S];  // Carried: adjoint of the stores at the end of day t
        public readonly TAdj[] AP = new TAdj[P], AF = new TAdj[F], A = new TAdj[S], ANext = new TAdj[S], AQ = new TAdj[K];
        // On the pinned heap, so the backward reads it through the same pointer arithmetic as kept stores.
        readonly double[] history = GC.AllocateUninitializedArray<double>(T * S * TGroup.Width, pinned: true);
        public TGroup Group;

        /// <summary>The group's stores at the start of each day, <c>[T, S, width]</c>.</summary>
        public double* History => (double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(history));
    }

    static Work NewWork(Data d)
    {
        var s = d.Step;
        return new Work(d.Days, s.Parameters, s.Forcings, s.Stores, s.Fluxes);
    }

    /// <summary>The first component the one-at-a-time loop takes: those below it run in lane groups.</summary>
    static int LaneComponents(Data d) => d.Vectorised ? d.Components - d.Components % LaneMath.Width : 0;

    public static void Forward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, S = step.Stores, K = step.Fluxes, W = K + S, grouped = LaneComponents(d);
        Parallel.For(0, B, () => NewWork(d), (b, _, w) =>
        {
            var rec = w.Records;
            Array.Clear(rec);
            for (int c = 0; c < grouped; c += LaneMath.Width) ForwardGroup(d, b, c, w.Lanes, rec);
            for (int c = grouped; c < C; c++) ForwardGroup(d, b, c, w.One, rec);
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) d.Records[((long)k * T + t) * B + b] = rec[t * W + k];
            return w;
        }, _ => { });
    }

    /// <summary>The forward of components <paramref name="c0"/> … + width − 1 of basin <paramref name="b"/>: their
    /// records added to <paramref name="rec"/> in component order, their final stores, and (when kept) their daily stores.</summary>
    static void ForwardGroup<TGroup, TNum, TAdj>(Data d, int b, int c0, GroupWork<TGroup, TNum, TAdj> w, double[] rec)
        where TGroup : struct, IComponentGroup<TNum, TAdj>
        where TNum : unmanaged, IScalar<TNum>
        where TAdj : unmanaged, IScalar<TAdj>
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, S = step.Stores, K = step.Fluxes, W = K + S, L = TGroup.Width;
        double meanWeight = 1.0 / C;
        TNum[] s = w.S, next = w.Next, q = w.Q;
        long bc = (long)b * C + c0;
        double* keep = d.KeptStores == null ? null : d.KeptStores + bc * T * S;
        for (int i = 0; i < S; i++) s[i] = TGroup.Load(d.Initial + i * (long)B * C + bc);
        for (int t = 0; t < T; t++)
        {
            if (keep != null)
                for (int i = 0; i < S; i++) TGroup.Store(keep + ((long)t * S + i) * L, s[i]);
            Gather(d, t, b, bc, w);
            step.Step<TNum>(w.P, w.F, s, next, q);
            var row = rec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++) TGroup.AddInComponentOrder(ref row[k], q[k], meanWeight);
            for (int i = 0; i < S; i++) TGroup.AddInComponentOrder(ref row[K + i], next[i], meanWeight);
            (s, next) = (next, s);
        }
        for (int i = 0; i < S; i++) TGroup.Store(d.Final + i * (long)B * C + bc, s[i]);
    }

    public static void Backward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S, grouped = LaneComponents(d);
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, () =>
        {
            var w = NewWork(d);
            w.One.Group = OneComponent.Rent();
            w.Lanes.Group = LaneGroup.Rent();
            return w;
        }, (b, _, w) =>
        {
            double[] gRec = w.Records, gForcings = w.GForcings;
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) gRec[t * W + k] = d.GRecords[((long)k * T + t) * B + b] * meanWeight;
            Array.Clear(gForcings);
            for (int c = 0; c < grouped; c += LaneMath.Width) BackwardGroup(d, b, c, w.Lanes, gRec, gForcings);
            for (int c = grouped; c < C; c++) BackwardGroup(d, b, c, w.One, gRec, gForcings);
            if (d.GForcings != null)
                for (int t = 0; t < T; t++)
                    for (int i = 0; i < F; i++) d.GForcings[((long)t * B + b) * F + i] = gForcings[t * F + i];
            return w;
        }, w => { w.One.Group.Return(); w.Lanes.Group.Return(); });
    }

    /// <summary>
    /// The backward of components <paramref name="c0"/> … + width − 1 of basin <paramref name="b"/>, given the gradient
    /// of the basin's records (<paramref name="gRec"/>, already divided by the component count): one recording and one
    /// sweep per day for the group; a forcing's gradient is added to <paramref name="gForcings"/> in component order.
    /// </summary>
    static void BackwardGroup<TGroup, TNum, TAdj>(Data d, int b, int c0, GroupWork<TGroup, TNum, TAdj> w, double[] gRec, double[] gForcings)
        where TGroup : struct, IComponentGroup<TNum, TAdj>
        where TNum : unmanaged, IScalar<TNum>
        where TAdj : unmanaged, IScalar<TAdj>
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S, L = TGroup.Width;
        TNum[] s = w.S, next = w.Next, q = w.Q, carried = w.Carried, gStatic = w.GStatic;
        TAdj[] ap = w.AP, af = w.AF, a = w.A, aNext = w.ANext, aq = w.AQ;
        ref var group = ref w.Group;
        long bc = (long)b * C + c0;
        double* history = d.KeptStores != null ? d.KeptStores + bc * T * S : w.History;
        if (d.KeptStores == null)
        {
            for (int i = 0; i < S; i++) s[i] = TGroup.Load(d.Initial + i * (long)B * C + bc);
            for (int t = 0; t < T; t++)
            {
                for (int i = 0; i < S; i++) TGroup.Store(history + ((long)t * S + i) * L, s[i]);
                if (t == T - 1) break;                              // the last day's output stores are not needed
                Gather(d, t, b, bc, w);
                step.Step<TNum>(w.P, w.F, s, next, q);
                (s, next) = (next, s);
            }
        }

        Array.Clear(carried);
        Array.Clear(gStatic);
        for (int t = T - 1; t >= 0; t--)
        {
            Gather(d, t, b, bc, w);
            group.Reset();
            for (int i = 0; i < P; i++) ap[i] = d.GParams[i] == null ? TGroup.Constant(w.P[i]) : group.Leaf(w.P[i]);
            for (int i = 0; i < F; i++) af[i] = d.GForcings == null ? TGroup.Constant(w.F[i]) : group.Leaf(w.F[i]);
            for (int i = 0; i < S; i++) a[i] = group.Leaf(TGroup.Load(history + ((long)t * S + i) * L));
            step.Step<TAdj>(ap, af, a, aNext, aq);
            group.ClearAdjoints();
            var g = gRec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++) group.Seed(aq[k], TGroup.Broadcast(g[k]));                  // a constant flux seeds the sink
            for (int i = 0; i < S; i++) group.Seed(aNext[i], TGroup.Broadcast(g[K + i]) + carried[i]);
            group.Sweep();
            for (int i = 0; i < P; i++)
            {
                if (d.GParams[i] == null) continue;
                if (d.ParamTimeStride[i] == 0) gStatic[i] += group.AdjointOf(ap[i]);
                else TGroup.Store(d.GParams[i] + d.ParamTimeStride[i] * t + bc, group.AdjointOf(ap[i]));
            }
            if (d.GForcings != null)
                for (int i = 0; i < F; i++) TGroup.AddInComponentOrder(ref gForcings[t * F + i], group.AdjointOf(af[i]), 1.0);
            for (int i = 0; i < S; i++) carried[i] = group.AdjointOf(a[i]);
        }
        for (int i = 0; i < P; i++)
            if (d.GParams[i] != null && d.ParamTimeStride[i] == 0) TGroup.Store(d.GParams[i] + bc, gStatic[i]);
        for (int i = 0; i < S; i++) TGroup.Store(d.GInitial + i * (long)B * C + bc, carried[i]);
    }

    /// <summary>The parameters and forcings of day <paramref name="t"/> for the group at (basin <paramref name="b"/>, flat
    /// index <paramref name="bc"/>) into the group's buffers: parameters per component (components are the innermost
    /// axis, so a group's are contiguous), forcings the basin's for every component.</summary>
    static void Gather<TGroup, TNum, TAdj>(Data d, int t, int b, long bc, GroupWork<TGroup, TNum, TAdj> w)
        where TGroup : struct, IComponentGroup<TNum, TAdj>
        where TNum : unmanaged, IScalar<TNum>
        where TAdj : unmanaged, IScalar<TAdj>
    {
        TNum[] p = w.P, f = w.F;
        for (int i = 0; i < p.Length; i++) p[i] = TGroup.Load(d.Params[i] + d.ParamTimeStride[i] * t + bc);
        var row = d.Forcings + ((long)t * d.Basins + b) * f.Length;
        for (int i = 0; i < f.Length; i++) f[i] = TGroup.Broadcast(row[i]);
    }
}
