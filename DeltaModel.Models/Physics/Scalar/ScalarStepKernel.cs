namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The loops of <see cref="FusedSteps"/> over raw float64 memory: the forward runs a declared step over days for every
/// (basin, component), basins in parallel; the backward recomputes a (basin, component)'s daily stores, then walks the
/// days backwards recording one day on the <see cref="Tape"/> at a time and sweeping it, carrying the stores' adjoints
/// from day to day. Memory beyond the inputs, per worker thread: T × S doubles of stores and T × (K + S + F) of a
/// basin's records, their gradients and its forcing gradient (no checkpoints kept between the passes).
/// <para>A basin's records are summed over its components in a dense <c>[T, K + S]</c> buffer and scattered to the
/// <c>[K + S, T, B]</c> output once, and read the same way in the backward, so the component loop touches one
/// contiguous buffer instead of K + S strided rows. The sums are formed in the same order as a direct accumulation,
/// so the results are bit for bit those of one.</para>
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
        public readonly double[] History = new double[(long)T * S];          // stores at the start of each day
        public readonly double[] GForcings = new double[(long)T * F];
        public readonly double[] GStatic = new double[P];
        public readonly double[] Carried = new double[S];                     // adjoint of the stores at the end of day t
        public readonly Adjoint[] AP = new Adjoint[P], AF = new Adjoint[F], A = new Adjoint[S], ANext = new Adjoint[S], AQ = new Adjoint[K];
        public Tape? Tape;
    }

    static Work NewWork(Data d)
    {
        var s = d.Step;
        return new Work(d.Days, s.Parameters, s.Forcings, s.Stores, s.Fluxes);
    }

    public static void Forward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, S = step.Stores, K = step.Fluxes, W = K + S;
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, () => NewWork(d), (b, _, w) =>
        {
            Real[] s = w.S, next = w.Next, q = w.Q;
            var rec = w.Records;
            Array.Clear(rec);
            for (int c = 0; c < C; c++)
            {
                long bc = (long)b * C + c;
                for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
                for (int t = 0; t < T; t++)
                {
                    Gather(d, t, b, bc, w.P, w.F);
                    step.Step<Real>(w.P, w.F, s, next, q);
                    var row = rec.AsSpan(t * W, W);
                    for (int k = 0; k < K; k++) row[k] += q[k].Value * meanWeight;
                    for (int i = 0; i < S; i++) row[K + i] += next[i].Value * meanWeight;
                    (s, next) = (next, s);
                }
                for (int i = 0; i < S; i++) d.Final[i * (long)B * C + bc] = s[i].Value;
            }
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) d.Records[((long)k * T + t) * B + b] = rec[t * W + k];
            return w;
        }, _ => { });
    }

    public static void Backward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes, W = K + S;
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, () => { var w = NewWork(d); w.Tape = Tape.Rent(); return w; }, (b, _, w) =>
        {
            Real[] s = w.S, next = w.Next, q = w.Q;
            Adjoint[] ap = w.AP, af = w.AF, a = w.A, aNext = w.ANext, aq = w.AQ;
            double[] history = w.History, carried = w.Carried, gStatic = w.GStatic, gRec = w.Records, gForcings = w.GForcings;
            for (int t = 0; t < T; t++)
                for (int k = 0; k < W; k++) gRec[t * W + k] = d.GRecords[((long)k * T + t) * B + b] * meanWeight;
            Array.Clear(gForcings);
            var tape = w.Tape!;
            for (int c = 0; c < C; c++)
            {
                long bc = (long)b * C + c;
                for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
                for (int t = 0; t < T; t++)
                {
                    for (int i = 0; i < S; i++) history[(long)t * S + i] = s[i].Value;
                    if (t == T - 1) break;                                  // the last day's output stores are not needed
                    Gather(d, t, b, bc, w.P, w.F);
                    step.Step<Real>(w.P, w.F, s, next, q);
                    (s, next) = (next, s);
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
            if (d.GForcings != null)
                for (int t = 0; t < T; t++)
                    for (int i = 0; i < F; i++) d.GForcings[((long)t * B + b) * F + i] = gForcings[t * F + i];
            return w;
        }, w => Tape.Return(w.Tape!));
    }

    /// <summary>The parameters and forcings of day <paramref name="t"/> for (basin <paramref name="b"/>, flat index <paramref name="bc"/>).</summary>
    static void Gather(Data d, int t, int b, long bc, Real[] p, Real[] f)
    {
        for (int i = 0; i < p.Length; i++) p[i] = new(d.Params[i][d.ParamTimeStride[i] * t + bc]);
        var row = d.Forcings + ((long)t * d.Basins + b) * f.Length;
        for (int i = 0; i < f.Length; i++) f[i] = new(row[i]);
    }
}
