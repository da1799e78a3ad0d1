namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The loops of <see cref="FusedSteps"/> over raw float64 memory: the forward runs a declared step over days for every
/// (basin, component), basins in parallel; the backward recomputes a (basin, component)'s daily stores, then walks the
/// days backwards recording one day on the <see cref="Tape"/> at a time and sweeping it, carrying the stores' adjoints
/// from day to day. Memory beyond the inputs: T × S doubles per thread (no checkpoints kept between the passes).
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

        /// <summary>Forward outputs (written): records <c>[K + S, T, B]</c> (zeroed by the caller), final stores <c>[S, B, C]</c>.</summary>
        public double* Records, Final;

        /// <summary>Backward: gradient of the records (read); of forcings, initial stores and parameters (written, zeroed
        /// by the caller; a null parameter entry is not needed).</summary>
        public double* GRecords, GForcings, GInitial;
        public double*[] GParams = [];
    }

    public static void Forward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes;
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, b =>
        {
            var p = new Real[P];
            var f = new Real[F];
            var s = new Real[S];
            var next = new Real[S];
            var q = new Real[K];
            for (int c = 0; c < C; c++)
            {
                long bc = (long)b * C + c;
                for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
                for (int t = 0; t < T; t++)
                {
                    Gather(d, t, b, bc, p, f);
                    step.Step<Real>(p, f, s, next, q);
                    for (int k = 0; k < K; k++) d.Records[((long)k * T + t) * B + b] += q[k].Value * meanWeight;
                    for (int i = 0; i < S; i++) d.Records[((long)(K + i) * T + t) * B + b] += next[i].Value * meanWeight;
                    (s, next) = (next, s);
                }
                for (int i = 0; i < S; i++) d.Final[i * (long)B * C + bc] = s[i].Value;
            }
        });
    }

    public static void Backward(Data d)
    {
        var step = d.Step;
        int T = d.Days, B = d.Basins, C = d.Components, P = step.Parameters, F = step.Forcings, S = step.Stores, K = step.Fluxes;
        double meanWeight = 1.0 / C;
        Parallel.For(0, B, b =>
        {
            var p = new Real[P];
            var f = new Real[F];
            var s = new Real[S];
            var next = new Real[S];
            var q = new Real[K];
            var history = new double[(long)T * S];                          // stores at the start of each day
            var ap = new Adjoint[P];
            var af = new Adjoint[F];
            var a = new Adjoint[S];
            var aNext = new Adjoint[S];
            var aq = new Adjoint[K];
            var carried = new double[S];                                     // adjoint of the stores at the end of day t
            var tape = Tape.Current;
            for (int c = 0; c < C; c++)
            {
                long bc = (long)b * C + c;
                for (int i = 0; i < S; i++) s[i] = new(d.Initial[i * (long)B * C + bc]);
                for (int t = 0; t < T; t++)
                {
                    for (int i = 0; i < S; i++) history[(long)t * S + i] = s[i].Value;
                    if (t == T - 1) break;                                  // the last day's output stores are not needed
                    Gather(d, t, b, bc, p, f);
                    step.Step<Real>(p, f, s, next, q);
                    (s, next) = (next, s);
                }

                Array.Clear(carried);
                for (int t = T - 1; t >= 0; t--)
                {
                    Gather(d, t, b, bc, p, f);
                    tape.Reset();
                    for (int i = 0; i < P; i++) ap[i] = tape.Leaf(p[i].Value);
                    for (int i = 0; i < F; i++) af[i] = tape.Leaf(f[i].Value);
                    for (int i = 0; i < S; i++) a[i] = tape.Leaf(history[(long)t * S + i]);
                    step.Step<Adjoint>(ap, af, a, aNext, aq);
                    tape.ClearAdjoints(0);
                    var adj = tape.Adjoints;
                    for (int k = 0; k < K; k++)
                        if (aq[k].Index >= 0) adj[aq[k].Index] += d.GRecords[((long)k * T + t) * B + b] * meanWeight;
                    for (int i = 0; i < S; i++)
                        if (aNext[i].Index >= 0) adj[aNext[i].Index] += d.GRecords[((long)(K + i) * T + t) * B + b] * meanWeight + carried[i];
                    tape.Sweep(0);
                    for (int i = 0; i < P; i++)
                        if (d.GParams[i] is var g && g != null) g[d.ParamTimeStride[i] * t + bc] += adj[ap[i].Index];
                    for (int i = 0; i < F; i++) d.GForcings[((long)t * B + b) * F + i] += adj[af[i].Index];
                    for (int i = 0; i < S; i++) carried[i] = adj[a[i].Index];
                }
                for (int i = 0; i < S; i++) d.GInitial[i * (long)B * C + bc] = carried[i];
            }
        });
    }

    /// <summary>The parameters and forcings of day <paramref name="t"/> for (basin <paramref name="b"/>, flat index <paramref name="bc"/>).</summary>
    static void Gather(Data d, int t, int b, long bc, Real[] p, Real[] f)
    {
        for (int i = 0; i < p.Length; i++) p[i] = new(d.Params[i][d.ParamTimeStride[i] * t + bc]);
        var row = d.Forcings + ((long)t * d.Basins + b) * f.Length;
        for (int i = 0; i < f.Length; i++) f[i] = new(row[i]);
    }
}
