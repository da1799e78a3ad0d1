using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Physics.Gr4jFamily;

/// <summary>
/// GR4J (and CemaNeige) declared once for one (basin, component) against a generic number (<see cref="IScalarStep"/>):
/// the fused backend's forward and exact backward are derived from it (<see cref="FusedSteps"/>). The same equations,
/// in the same order, as the tensor reference <see cref="Gr4jEquations.Step"/> and <see cref="CemaNeigeEquations.Step"/>
/// (read them for the physics and the spec's gradient rules); the unit-hydrograph ordinates are recomputed from each
/// day's x4 as the tensor path does for a dynamic x4 (with one pow per day, see the step).
/// <para>Parameters x1–x4 (then CTG, Kf); forcings prcp (, tmean), pet, then CemaNeige's Gthreshold [mm] per basin (a
/// run constant, see <see cref="CemaNeigeEquations.Threshold"/>); stores as <see cref="Gr4j"/> declares them; fluxes
/// as the tensor path records them: Q, AET, exchange, percolation, Pr, Qr, Qd, Pn, Ps, F, Es, UH storage, S, R (and SWE,
/// snowfall, melt, liquid water).</para>
/// </summary>
/// <param name="Snow">With CemaNeige.</param>
internal readonly record struct Gr4jStep(bool Snow) : IScalarStep
{
    const int N1 = Gr4j.UnitHydrograph1Length, N2 = Gr4j.UnitHydrograph2Length;

    /// <summary>j^2.5 for j = 0 … N2 (the S-curves' numerators).</summary>
    static readonly double[] JPow = [.. Enumerable.Range(0, N2 + 1).Select(j => Math.Pow(j, 2.5))];

    public int Parameters => Snow ? 6 : 4;
    public int Forcings => Snow ? 4 : 2;
    public int Stores => (Snow ? 4 : 2) + N1 - 1 + N2 - 1;
    public int Fluxes => Gr4jEquations.FluxCount + 3 + (Snow ? 4 : 0);

    public void Step<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> f, ReadOnlySpan<T> s, Span<T> next, Span<T> q) where T : unmanaged, IScalar<T>
    {
        T x1 = p[0], x2 = p[1], x3 = p[2], x4 = p[3];
        T prcp = f[0], pet = Snow ? f[2] : f[1];
        int uh1 = Snow ? 4 : 2, uh2 = uh1 + N1 - 1;

        // CemaNeige (CemaNeigeEquations.Step).
        T water = prcp;
        if (Snow)
        {
            T temp = f[1], threshold = f[3], ctg = p[4], kf = p[5];
            var snowfall = T.Clamp((3.0 - temp) / (CemaNeigeEquations.AllRainAbove - CemaNeigeEquations.AllSnowBelow), 0, 1) * prcp;
            var rain = prcp - snowfall;
            var g = s[2] + snowfall;
            var etg = T.ClampMax(ctg * s[3] + (1.0 - ctg) * temp, 0);
            var melting = T.LessOrEqual(T.Constant(0), etg) * T.Less(T.Constant(0), temp);    // indicator: no gradient
            var potential = T.Where(melting, T.Any(melting) ? T.Min(g, kf * T.ClampMin(temp, 0)) : T.Constant(0), T.Constant(0));
            var cover = T.ClampMax(g / threshold, 1);
            var melt = (cover * (1 - CemaNeigeEquations.MinimumMeltSpeed) + CemaNeigeEquations.MinimumMeltSpeed) * potential;
            next[2] = g - melt;
            next[3] = etg;
            water = rain + melt;
            int o = Gr4jEquations.FluxCount + 3;
            (q[o], q[o + 1], q[o + 2], q[o + 3]) = (next[2], snowfall, melt, water);
        }

        // Interception and production store (Gr4jEquations.Step).
        var pn = T.ClampMin(water - pet, 0);
        var en = T.ClampMin(pet - water, 0);
        var spill = T.ClampMin(s[0] - x1, 0);
        var store = s[0] - spill;
        var ratio = store / x1;
        var tp = T.Tanh(pn / x1);
        var te = T.Tanh(en / x1);
        var ps = x1 * (1.0 - ratio * ratio) * tp / (ratio * tp + 1);
        var es = store * (2.0 - ratio) * te / ((1.0 - ratio) * te + 1);
        var s1 = store - es + ps;
        var perc = s1 * (1.0 - T.Pow(T.Pow(s1 / x1 * (4.0 / 9.0), 4) + 1, -0.25)) + spill;
        var production = s1 - (perc - spill);
        var pr = perc + (pn - ps);

        // Unit hydrographs: today's Pr spreads over the next days with the ordinates of today's x4; slot 0 leaves today.
        // SH(j) = (j/x4)^2.5 is written j^2.5 · x4^−2.5 (one pow per day instead of one per ordinate; same value and
        // derivative, and the same inclusive clamp at j = x4); beyond the time base the S-curve is the constant 1, so
        // those ordinates are 0 and the slots only shift. x4 may differ between lanes: each ordinate's case is an
        // indicator per lane (T.Where), and a case no lane is in is not computed (so one component computes only its own).
        var pr9 = pr * 0.9;
        var pr1 = pr * 0.1;
        var scale = T.Pow(x4, -2.5);
        T one = T.Constant(1), shPrevious = T.Constant(0), uhStorage = T.Constant(0), q9 = T.Constant(0), q1 = T.Constant(0);
        for (int j = 1; j <= N1; j++)
        {
            var carried = j < N1 ? s[uh1 + j - 1] : T.Constant(0);
            var beyond = T.LessOrEqual(x4, T.Constant(j - 1));                                 // SH1(j) = SH1(j − 1) = 1
            T v = carried;
            if (!T.All(beyond))
            {
                var rising = T.LessOrEqual(T.Constant(j), x4);                                 // min(j/x4, 1)^2.5
                var sh = T.Where(rising, T.Any(rising) ? JPow[j] * scale : one, one);
                v = T.Where(beyond, carried, carried + (sh - shPrevious) * pr9);
                shPrevious = sh;                                                               // read only by lanes not yet beyond
            }
            if (j == 1) q9 = v;
            else { next[uh1 + j - 2] = v; uhStorage += v; }
        }
        shPrevious = T.Constant(0);
        for (int j = 1; j <= N2; j++)
        {
            var carried = j < N2 ? s[uh2 + j - 1] : T.Constant(0);
            var beyond = T.LessOrEqual(x4, T.Constant((j - 1) / 2.0));                         // 2·x4 ≤ j − 1: SH2(j) = SH2(j − 1) = 1
            T v = carried;
            if (!T.All(beyond))
            {
                var rising = T.LessOrEqual(T.Constant(j), x4);
                var falling = (one - rising) * T.Less(T.Constant(j / 2.0), x4);                // x4 < j < 2·x4 (halving is exact)
                var sh = T.Where(rising, T.Any(rising) ? JPow[j] * scale * 0.5 : one,
                    T.Where(falling, T.Any(falling) ? 1.0 - T.Pow(2.0 - j / x4, 2.5) * 0.5 : one, one));
                v = T.Where(beyond, carried, carried + (sh - shPrevious) * pr1);
                shPrevious = sh;
            }
            if (j == 1) q1 = v;
            else { next[uh2 + j - 2] = v; uhStorage += v; }
        }

        // Exchange and routing store.
        var fx = x2 * T.Pow(T.ClampMax(s[1] / x3, 1), 3.5);
        var r0 = s[1] + q9;
        var r1 = T.ClampMin(r0 + fx, 0);
        var qr = r1 * (1.0 - T.Pow(T.Pow(r1 / x3, 4) + 1, -0.25));
        var routing = r1 - qr;
        var qd = T.ClampMin(q1 + fx, 0);
        var exchange = r1 - r0 + (qd - q1);
        next[0] = production;
        next[1] = routing;
        (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9], q[10]) = (qr + qd, water - pn + es, exchange, perc, pr, qr, qd, pn, ps, fx, es);
        (q[11], q[12], q[13]) = (uhStorage, production, routing);
    }
}
