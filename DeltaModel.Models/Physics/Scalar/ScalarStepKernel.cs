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

    /// <summary>One worker's buffers, reused for every basin it takes.</summary>
    sealed class Work(int T, int P, int F, int S, int K)
    {
        public readonly Real[] P = new Real[P], F = new Real[F], S = new Real[S], Next = new Real[S], Q = new Real[K];
        public readonly double[] Records = new double[(long)T * (K + S)];     // [T, K + S], the basin's component sums
        public readonly double[] History = GC.AllocateUninitializedArray<double>(T * S, pinned: true);   // stores at the start of each day
        public readonly double[] GForcings = new double[(long)T * F];
        public readonly double[] GStatic = new double[P];
        public readonly double[] Carried = new double[S];                     // adjoint of the stores at the end of day t
        public readonly Adjoint[] AP = new Adjoint[P], AF = new Adjoint[F], A = new Adjoint[S], ANext = new Adjoint[S], AQ = new Adjoint[K];
        public Tape? Tape;

        // The same for a group of lanes.
        public readonly Lanes[] LP = new Lanes[P], LF = new Lanes[F], LS = new Lanes[S], LNext = new Lanes[S], LQ = new Lanes[K];
        public readonly Vector<double>[] LHistory = GC.AllocateUninitializedArray<Vector<double>>(T * S, pinned: true);
        public readonly Vector<double>[] LGStatic = new Vector<double>[P], LCarried = new Vector<double>[S];
        public readonly LaneAdjoint[] LAP = new LaneAdjoint[P], LAF = new LaneAdjoint[F], LA = new LaneAdjoint[S], LANext = new LaneAdjoint[S], LAQ = new LaneAdjoint[K];
        public LaneTape? LaneTape;

        // The history arrays live on the pinned heap, so the backward reads them through the same pointer as kept stores.
        public double* HistoryPointer => (double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(History));
        public Vector<double>* LaneHistoryPointer => (Vector<double>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(LHistory));
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
            for (int c = 0; c < grouped; c += LaneMath.Width) ForwardLanes(d, b, c, w);
            for (int c = grouped; c < C; c++) ForwardComponent(d, b, c, w);
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) d.Records[((long)k * T + t) * B + b] = rec[t * W + k];
            return w;
        }, _ => { });
    }

    static void ForwardComponent(Data d, int b, int c, Work w)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, S = step.Stores, K = step.Fluxes, W = K + S;
        double meanWeight = 1.0 / C;
        Real[] s = w.S, next = w.Next, q = w.Q;
        var rec = w.Records;
        long bc = (long)b * C + c;
        double* keep = d.KeptStores == null ? null : d.KeptStores + bc * T * S;
        for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
        for (int t = 0; t < T; t++)
        {
            if (keep != null)
                for (int i = 0; i < S; i++) keep[(long)t * S + i] = s[i].Value;
            Gather(d, t, b, bc, w.P, w.F);
            step.Step<Real>(w.P, w.F, s, next, q);
            var row = rec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++) row[k] += q[k].Value * meanWeight;
            for (int i = 0; i < S; i++) row[K + i] += next[i].Value * meanWeight;
            (s, next) = (next, s);
        }
        for (int i = 0; i < S; i++) d.Final[i * (long)B * C + bc] = s[i].Value;
    }

    /// <summary><see cref="ForwardComponent"/> for components <paramref name="c0"/> … + <see cref="LaneMath.Width"/> − 1.</summary>
    static void ForwardLanes(Data d, int b, int c0, Work w)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, S = step.Stores, K = step.Fluxes, W = K + S, L = LaneMath.Width;
        double meanWeight = 1.0 / C;
        Lanes[] s = w.LS, next = w.LNext, q = w.LQ;
        var rec = w.Records;
        long bc = (long)b * C + c0;
        var keep = d.KeptStores == null ? null : (Vector<double>*)(d.KeptStores + bc * T * S);
        for (int i = 0; i < S; i++) s[i] = new(Load(d.Initial + i * (long)B * C + bc));
        for (int t = 0; t < T; t++)
        {
            if (keep != null)
                for (int i = 0; i < S; i++) Store((double*)(keep + (long)t * S + i), s[i].Value);
            Gather(d, t, b, bc, w.LP, w.LF);
            step.Step<Lanes>(w.LP, w.LF, s, next, q);
            var row = rec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++)
            {
                var v = q[k].Value;
                for (int l = 0; l < L; l++) row[k] += v[l] * meanWeight;                    // component order, as one at a time
            }
            for (int i = 0; i < S; i++)
            {
                var v = next[i].Value;
                for (int l = 0; l < L; l++) row[K + i] += v[l] * meanWeight;
            }
            (s, next) = (next, s);
        }
        for (int i = 0; i < S; i++) Store(d.Final + i * (long)B * C + bc, s[i].Value);
    }

    public static void Backward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S, grouped = LaneComponents(d);
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, () => { var w = NewWork(d); w.Tape = Tape.Rent(); w.LaneTape = LaneTape.Rent(); return w; }, (b, _, w) =>
        {
            double[] gRec = w.Records, gForcings = w.GForcings;
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) gRec[t * W + k] = d.GRecords[((long)k * T + t) * B + b] * meanWeight;
            Array.Clear(gForcings);
            for (int c = 0; c < grouped; c += LaneMath.Width) BackwardLanes(d, b, c, w);
            for (int c = grouped; c < C; c++) BackwardComponent(d, b, c, w);
            if (d.GForcings != null)
                for (int t = 0; t < T; t++)
                    for (int i = 0; i < F; i++) d.GForcings[((long)t * B + b) * F + i] = gForcings[t * F + i];
            return w;
        }, w => { Tape.Return(w.Tape!); LaneTape.Return(w.LaneTape!); });
    }

    static void BackwardComponent(Data d, int b, int c, Work w)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S;
        Real[] s = w.S, next = w.Next, q = w.Q;
        Adjoint[] ap = w.AP, af = w.AF, a = w.A, aNext = w.ANext, aq = w.AQ;
        double[] carried = w.Carried, gStatic = w.GStatic, gRec = w.Records, gForcings = w.GForcings;
        var tape = w.Tape!;
        long bc = (long)b * C + c;
        double* history = d.KeptStores != null ? d.KeptStores + bc * T * S : w.HistoryPointer;
        if (d.KeptStores == null)
        {
            for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
            for (int t = 0; t < T; t++)
            {
                for (int i = 0; i < S; i++) history[(long)t * S + i] = s[i].Value;
                if (t == T - 1) break;                              // the last day's output stores are not needed
                Gather(d, t, b, bc, w.P, w.F);
                step.Step<Real>(w.P, w.F, s, next, q);
                (s, next) = (next, s);
            }
        }

        Array.Clear(carried);
        Array.Clear(gStatic);
        for (int t = T - 1; t >= 0; t--)
        {
            Gather(d, t, b, bc, w.P, w.F);
            tape.Reset();
            for (int i = 0; i < P; i++) ap[i] = d.GParams[i] == null ? Adjoint.Constant(w.P[i].Value) : tape.Leaf(w.P[i].Value);
            for (int i = 0; i < F; i++) af[i] = d.GForcings == null ? Adjoint.Constant(w.F[i].Value) : tape.Leaf(w.F[i].Value);
            for (int i = 0; i < S; i++) a[i] = tape.Leaf(history[(long)t * S + i]);
            step.Step<Adjoint>(ap, af, a, aNext, aq);
            tape.ClearAdjoints();
            var g = gRec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++) tape.AdjointOf(aq[k]) += g[k];                    // a constant flux seeds the sink
            for (int i = 0; i < S; i++) tape.AdjointOf(aNext[i]) += g[K + i] + carried[i];
            tape.Sweep();
            for (int i = 0; i < P; i++)
            {
                if (d.GParams[i] == null) continue;
                if (d.ParamTimeStride[i] == 0) gStatic[i] += tape.AdjointOf(ap[i]);
                else d.GParams[i][d.ParamTimeStride[i] * t + bc] = tape.AdjointOf(ap[i]);
            }
            if (d.GForcings != null)
                for (int i = 0; i < F; i++) gForcings[t * F + i] += tape.AdjointOf(af[i]);
            for (int i = 0; i < S; i++) carried[i] = tape.AdjointOf(a[i]);
        }
        for (int i = 0; i < P; i++)
            if (d.GParams[i] != null && d.ParamTimeStride[i] == 0) d.GParams[i][bc] = gStatic[i];
        for (int i = 0; i < S; i++) d.GInitial[i * (long)B * C + bc] = carried[i];
    }

    /// <summary><see cref="BackwardComponent"/> for components <paramref name="c0"/> … + <see cref="LaneMath.Width"/> − 1:
    /// one recording and sweep per day for the group; a forcing's gradient is the sum of its lanes, in component order.</summary>
    static void BackwardLanes(Data d, int b, int c0, Work w)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S, L = LaneMath.Width;
        Lanes[] s = w.LS, next = w.LNext, q = w.LQ;
        LaneAdjoint[] ap = w.LAP, af = w.LAF, a = w.LA, aNext = w.LANext, aq = w.LAQ;
        Vector<double>[] carried = w.LCarried, gStatic = w.LGStatic;
        double[] gRec = w.Records, gForcings = w.GForcings;
        var tape = w.LaneTape!;
        long bc = (long)b * C + c0;
        var history = d.KeptStores != null ? (Vector<double>*)(d.KeptStores + bc * T * S) : w.LaneHistoryPointer;
        if (d.KeptStores == null)
        {
            for (int i = 0; i < S; i++) s[i] = new(Load(d.Initial + i * (long)B * C + bc));
            for (int t = 0; t < T; t++)
            {
                for (int i = 0; i < S; i++) Store((double*)(history + (long)t * S + i), s[i].Value);
                if (t == T - 1) break;
                Gather(d, t, b, bc, w.LP, w.LF);
                step.Step<Lanes>(w.LP, w.LF, s, next, q);
                (s, next) = (next, s);
            }
        }

        Array.Clear(carried);
        Array.Clear(gStatic);
        for (int t = T - 1; t >= 0; t--)
        {
            Gather(d, t, b, bc, w.LP, w.LF);
            tape.Reset();
            for (int i = 0; i < P; i++) ap[i] = d.GParams[i] == null ? new(w.LP[i].Value, Tape.Sink) : tape.Leaf(w.LP[i].Value);
            for (int i = 0; i < F; i++) af[i] = d.GForcings == null ? new(w.LF[i].Value, Tape.Sink) : tape.Leaf(w.LF[i].Value);
            for (int i = 0; i < S; i++) a[i] = tape.Leaf(Load((double*)(history + (long)t * S + i)));
            step.Step<LaneAdjoint>(ap, af, a, aNext, aq);
            tape.ClearAdjoints();
            var g = gRec.AsSpan(t * W, W);
            for (int k = 0; k < K; k++) tape.AdjointOf(aq[k]) += new Vector<double>(g[k]);
            for (int i = 0; i < S; i++) tape.AdjointOf(aNext[i]) += new Vector<double>(g[K + i]) + carried[i];
            tape.Sweep();
            for (int i = 0; i < P; i++)
            {
                if (d.GParams[i] == null) continue;
                if (d.ParamTimeStride[i] == 0) gStatic[i] += tape.AdjointOf(ap[i]);
                else Store(d.GParams[i] + d.ParamTimeStride[i] * t + bc, tape.AdjointOf(ap[i]));
            }
            if (d.GForcings != null)
                for (int i = 0; i < F; i++)
                {
                    var v = tape.AdjointOf(af[i]);
                    for (int l = 0; l < L; l++) gForcings[t * F + i] += v[l];
                }
            for (int i = 0; i < S; i++) carried[i] = tape.AdjointOf(a[i]);
        }
        for (int i = 0; i < P; i++)
            if (d.GParams[i] != null && d.ParamTimeStride[i] == 0) Store(d.GParams[i] + bc, gStatic[i]);
        for (int i = 0; i < S; i++) Store(d.GInitial + i * (long)B * C + bc, carried[i]);
    }

    /// <summary>The parameters and forcings of day <paramref name="t"/> for (basin <paramref name="b"/>, flat index <paramref name="bc"/>).</summary>
    static void Gather(Data d, int t, int b, long bc, Real[] p, Real[] f)
    {
        for (int i = 0; i < p.Length; i++) p[i] = new(d.Params[i][d.ParamTimeStride[i] * t + bc]);
        var row = d.Forcings + ((long)t * d.Basins + b) * f.Length;
        for (int i = 0; i < f.Length; i++) f[i] = new(row[i]);
    }

    /// <summary><see cref="Gather(Data, int, int, long, Real[], Real[])"/> for the lane group from <paramref name="bc"/>
    /// (components are the innermost axis, so a group's parameters are contiguous; forcings are the basin's in every lane).</summary>
    static void Gather(Data d, int t, int b, long bc, Lanes[] p, Lanes[] f)
    {
        for (int i = 0; i < p.Length; i++) p[i] = new(Load(d.Params[i] + d.ParamTimeStride[i] * t + bc));
        var row = d.Forcings + ((long)t * d.Basins + b) * f.Length;
        for (int i = 0; i < f.Length; i++) f[i] = new(new Vector<double>(row[i]));
    }

    static Vector<double> Load(double* source) => Unsafe.ReadUnaligned<Vector<double>>(source);

    static void Store(double* target, Vector<double> value) => Unsafe.WriteUnaligned(target, value);
}
