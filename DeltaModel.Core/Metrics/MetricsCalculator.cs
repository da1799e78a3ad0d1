namespace DeltaModel.Core.Metrics;

/// <summary>
/// Test-time metrics of simulated against observed series (spec §5), computed in double precision.
/// <para>
/// Deviations (spec §5, §10 item 25): every metric uses the same day set, the days with an observation (δMG's
/// whole-series metrics mix sums over all predicted days with sums over observed days, e.g. <c>bias_rel</c> and
/// <c>rmse_fdc</c>); a prediction with a non-finite value makes the basin's metrics missing with that reason instead of
/// raising for the whole run; undefined metrics (zero denominators, too few days) are NaN <em>with a reason</em>
/// instead of NaN/±∞ without one.
/// </para>
/// </summary>
public static class MetricsCalculator
{
    /// <summary>Fraction of sorted flows below the low segment boundary of δMG's FDC metrics (spec §5).</summary>
    const double LowFraction = 0.3;
    /// <summary>Fraction of sorted flows below the high segment boundary (the top 2 % are "high").</summary>
    const double HighFraction = 0.98;
    /// <summary>Offset added to the observed sum in <c>flv</c> (δMG).</summary>
    const double FlvOffset = 1e-4;
    /// <summary>Offset added to y in the denominator of <c>bias</c> (δMG).</summary>
    const double BiasOffset = 1e-5;
    /// <summary>Days before / after the observed peak searched for the simulated peak (δMG: lb 10, ub 11).</summary>
    const int PeakBefore = 10, PeakAfter = 11;
    /// <summary>Floor before taking logarithms of flows in the Yilmaz signatures [mm/d]; zero flows are common.</summary>
    const double LogFloor = 1e-6;

    /// <summary>Metrics of one basin.</summary>
    /// <param name="predicted">Simulated series <c>[T']</c> (warm-up already dropped), e.g. mm/d.</param>
    /// <param name="observed">Observed series <c>[T']</c>, same unit and days; NaN = missing (the pair is dropped).</param>
    public static BasinMetrics Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> observed)
    {
        if (predicted.Length != observed.Length)
            throw new ArgumentException($"predicted has {predicted.Length} days, observed {observed.Length}; they must cover the same days.", nameof(observed));
        var set = new MetricSet();

        int badPrediction = -1, badCount = 0;
        for (int t = 0; t < predicted.Length; t++)
            if (!float.IsFinite(predicted[t])) { if (badCount++ == 0) badPrediction = t; }
        if (badCount > 0)
            return set.AllMissing(0, $"the prediction has {badCount} non-finite value(s), the first on day {badPrediction}; " +
                                     "the model diverged or produced NaN (check the parameters and forcings of this basin).");

        int n = 0;
        foreach (var v in observed) if (float.IsFinite(v)) n++;
        if (n == 0) return set.AllMissing(0, "no day with an observation in the scored period.");
        var p = new double[n];
        var y = new double[n];
        for (int t = 0, k = 0; t < observed.Length; t++)
            if (float.IsFinite(observed[t])) { p[k] = predicted[t]; y[k] = observed[t]; k++; }

        // Flow-duration curves: each series sorted ascending on its own, once, shared by the FDC-based metrics.
        var ps = (double[])p.Clone();
        var ys = (double[])y.Clone();
        Array.Sort(ps);
        Array.Sort(ys);
        WholeSeries(set, p, y, ps, ys);
        SortedSegments(set, ps, ys);
        Peak(set, p, y);
        Correlations(set, p, y);
        Yilmaz(set, ps, ys);
        return set.Build(n);
    }

    /// <summary>Metrics of every basin of time-major arrays, in parallel over basins.</summary>
    /// <param name="predicted">Simulated <c>[T', B]</c>, time-major: <c>predicted[t * B + b]</c>.</param>
    /// <param name="observed">Observed <c>[T', B]</c>, time-major; NaN = missing.</param>
    /// <returns>One <see cref="BasinMetrics"/> per basin, in basin order.</returns>
    public static BasinMetrics[] Compute(float[] predicted, float[] observed, int days, int basins)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(observed);
        if (days < 0 || basins < 0 || predicted.Length != (long)days * basins)
            throw new ArgumentException($"predicted has {predicted.Length} values, [{days} days, {basins} basins] needs {(long)days * basins}.", nameof(predicted));
        if (observed.Length != predicted.Length)
            throw new ArgumentException($"observed has {observed.Length} values, predicted {predicted.Length}; both must be [{days} days, {basins} basins].", nameof(observed));
        var result = new BasinMetrics[basins];
        Parallel.For(0, basins, () => (p: new float[days], y: new float[days]), (b, _, buffers) =>
        {
            for (int t = 0; t < days; t++)
            {
                buffers.p[t] = predicted[(long)t * basins + b];
                buffers.y[t] = observed[(long)t * basins + b];
            }
            result[b] = Compute(buffers.p, buffers.y);
            return buffers;
        }, _ => { });
        return result;
    }

    static void WholeSeries(MetricSet set, double[] p, double[] y, double[] ps, double[] ys)
    {
        int n = p.Length;
        double se = 0, ae = 0, rel = 0, sp = 0, sy = 0;
        for (int i = 0; i < n; i++)
        {
            double d = p[i] - y[i];
            se += d * d;
            ae += Math.Abs(d);
            rel += Math.Abs(d) / (y[i] + BiasOffset);
            sp += p[i];
            sy += y[i];
        }
        set.Set("rmse", Math.Sqrt(se / n));
        set.Set("mae", ae / n);
        set.Set("bias", rel / n, "an observation equals −1e-5, the offset in the denominator of bias.");
        set.Set("bias_rel", sy == 0 ? double.NaN : (sp - sy) / sy, "the observations sum to zero, so a relative bias is undefined.");
        double pm = sp / n, ym = sy / n, ub = 0;
        for (int i = 0; i < n; i++)
        {
            double d = (p[i] - pm) - (y[i] - ym);
            ub += d * d;
        }
        set.Set("rmse_ub", Math.Sqrt(ub / n));

        // rmse_fdc: 100 ordinates at ⌊kN/100⌋ of each series sorted descending (index i of descending = n − 1 − i ascending).
        double fdc = 0;
        for (int k = 0; k < 100; k++)
        {
            int i = n - 1 - (int)((long)k * n / 100);
            double d = ps[i] - ys[i];
            fdc += d * d;
        }
        set.Set("rmse_fdc", Math.Sqrt(fdc / 100));
    }

    /// <summary>δMG's FDC-segment metrics on p and y each sorted ascending on its own (ps, ys), split at round(0.3N), round(0.98N).</summary>
    static void SortedSegments(MetricSet set, double[] ps, double[] ys)
    {
        int n = ps.Length;
        // Python's round is banker's rounding, as .NET's default Math.Round (spec §5).
        int lo = (int)Math.Round(LowFraction * n), hi = (int)Math.Round(HighFraction * n);
        Segment(set, ps, ys, 0, lo, "low", "flv", "rmse_low", FlvOffset, n);
        Segment(set, ps, ys, lo, hi, "mid", "pbias_mid", "rmse_mid", 0, n);
        Segment(set, ps, ys, hi, n, "high", "fhv", "rmse_high", 0, n);
        Segment(set, ps, ys, 0, n, "whole", "pbias", null, 0, n);
    }

    static void Segment(MetricSet set, double[] ps, double[] ys, int from, int to, string label, string pbias, string? rmse, double offset, int n)
    {
        if (to <= from)
        {
            string reason = $"the {label}-flow segment of the flow-duration curve is empty for {n} observed day(s).";
            set.Missing(pbias, reason);
            set.Missing(pbias + "_abs", reason);
            if (rmse is not null) set.Missing(rmse, reason);
            return;
        }
        double d = 0, a = 0, s = 0, sy = 0;
        for (int i = from; i < to; i++)
        {
            double e = ps[i] - ys[i];
            d += e;
            a += Math.Abs(e);
            s += e * e;
            sy += ys[i];
        }
        double denominator = sy + offset;
        string zero = $"the observed flows of the {label}-flow segment sum to zero, so a percent bias is undefined.";
        set.Set(pbias, denominator == 0 ? double.NaN : 100 * d / denominator, zero);
        set.Set(pbias + "_abs", denominator == 0 ? double.NaN : 100 * a / denominator, zero);
        if (rmse is not null) set.Set(rmse, Math.Sqrt(s / (to - from)));
    }

    /// <summary>Peak error: largest prediction within [i* − 10, i* + 11) minus the observed peak at i* (first argmax).</summary>
    static void Peak(MetricSet set, double[] p, double[] y)
    {
        int peak = 0;
        for (int i = 1; i < y.Length; i++) if (y[i] > y[peak]) peak = i;
        int from = Math.Max(peak - PeakBefore, 0), to = Math.Min(peak + PeakAfter, y.Length);
        double pMax = double.NegativeInfinity;
        for (int i = from; i < to; i++) pMax = Math.Max(pMax, p[i]);
        double dMax = pMax - y[peak];
        set.Set("d_max", dMax);
        set.Set("d_max_rel", y[peak] == 0 ? double.NaN : 100 * dMax / y[peak], "the observed peak is zero, so a relative peak error is undefined.");
    }

    /// <summary>NSE, KGE (Gupta 2009) with components, KGE′ (Kling 2012), Pearson and Spearman correlation; σ with ddof 0.</summary>
    static void Correlations(MetricSet set, double[] p, double[] y)
    {
        string[] names = ["nse", "r2", "kge", "kge_r", "kge_alpha", "kge_beta", "kge_12", "corr", "corr_spearman"];
        int n = p.Length;
        if (n < 2)
        {
            foreach (var name in names) set.Missing(name, $"needs at least 2 observed days, got {n}.");
            return;
        }
        var (pm, ym, pSd, ySd, cov) = Moments(p, y);
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < n; i++)
        {
            ssRes += (y[i] - p[i]) * (y[i] - p[i]);
            ssTot += (y[i] - ym) * (y[i] - ym);
        }
        string constantY = "the observations are constant (zero variance), so this metric is undefined.";
        string constantP = "the prediction is constant (zero variance), so the correlation is undefined.";
        string zeroMeanY = "the observations average to zero, so the bias ratio μ_p/μ_y is undefined.";

        double nse = ySd == 0 ? double.NaN : 1 - ssRes / ssTot;
        set.Set("nse", nse, constantY);
        set.Set("r2", nse, constantY);

        double r = ySd == 0 || pSd == 0 ? double.NaN : cov / (pSd * ySd);
        string rReason = ySd == 0 ? constantY : constantP;
        set.Set("corr", r, rReason);
        set.Set("kge_r", r, rReason);
        double rs = Spearman(p, y);
        set.Set("corr_spearman", rs, rReason);

        double alpha = ySd == 0 ? double.NaN : pSd / ySd;
        double beta = ym == 0 ? double.NaN : pm / ym;
        set.Set("kge_alpha", alpha, constantY);
        set.Set("kge_beta", beta, zeroMeanY);
        string kgeReason = !double.IsFinite(r) ? rReason : ym == 0 ? zeroMeanY : constantY;
        set.Set("kge", 1 - Math.Sqrt(Sq(r - 1) + Sq(alpha - 1) + Sq(beta - 1)), kgeReason);
        double gamma = pm == 0 || ym == 0 || ySd == 0 ? double.NaN : (pSd / pm) / (ySd / ym);
        string gammaReason = !double.IsFinite(r) ? rReason : ym == 0 ? zeroMeanY
            : pm == 0 ? "the prediction averages to zero, so its coefficient of variation is undefined." : constantY;
        set.Set("kge_12", 1 - Math.Sqrt(Sq(r - 1) + Sq(gamma - 1) + Sq(beta - 1)), gammaReason);
    }

    static (double pm, double ym, double pSd, double ySd, double cov) Moments(double[] p, double[] y)
    {
        int n = p.Length;
        double pm = 0, ym = 0;
        for (int i = 0; i < n; i++) { pm += p[i]; ym += y[i]; }
        pm /= n;
        ym /= n;
        double vp = 0, vy = 0, c = 0;
        for (int i = 0; i < n; i++)
        {
            double dp = p[i] - pm, dy = y[i] - ym;
            vp += dp * dp;
            vy += dy * dy;
            c += dp * dy;
        }
        return (pm, ym, Math.Sqrt(vp / n), Math.Sqrt(vy / n), c / n);
    }

    /// <summary>Pearson correlation of the ranks, ties given their average rank (as SciPy's <c>spearmanr</c>).</summary>
    static double Spearman(double[] p, double[] y)
    {
        var (_, _, pSd, ySd, cov) = Moments(Ranks(p), Ranks(y));
        return pSd == 0 || ySd == 0 ? double.NaN : cov / (pSd * ySd);
    }

    static double[] Ranks(double[] x)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        Array.Sort(x.ToArray(), order);
        var ranks = new double[x.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Standard flow-duration signatures of Yilmaz et al. (2008), added beside δMG's segment biases (spec §10 item 25).
    /// Each series is sorted descending on its own; the flow at index i has exceedance probability i/N.
    /// FHV: percent bias of the flows with exceedance &lt; 0.02. FLV: −100·[Σ(log QS − log QS_min) − Σ(log QO − log QO_min)]
    /// / Σ(log QO − log QO_min) over exceedance ≥ 0.7. FMS: percent bias of the FDC slope log Q(0.2) − log Q(0.7).
    /// Flows are floored at 1e-6 before logarithms.
    /// </summary>
    /// <param name="ascP">Prediction sorted ascending.</param>
    /// <param name="ascY">Observation sorted ascending.</param>
    static void Yilmaz(MetricSet set, double[] ascP, double[] ascY)
    {
        int n = ascP.Length;
        var ps = Descending(ascP);
        var ys = Descending(ascY);

        int high = (int)Math.Round(0.02 * n);
        if (high == 0) set.Missing("fhv_yilmaz", $"the top-2 % segment of the flow-duration curve is empty for {n} observed day(s) (needs ≥ 26).");
        else
        {
            double d = 0, s = 0;
            for (int i = 0; i < high; i++) { d += ps[i] - ys[i]; s += ys[i]; }
            set.Set("fhv_yilmaz", s == 0 ? double.NaN : 100 * d / s, "the observed top-2 % flows sum to zero.");
        }

        int low = (int)Math.Round(0.7 * n);
        if (n - low < 2) set.Missing("flv_yilmaz", $"the low-flow segment (exceedance ≥ 0.7) has fewer than 2 days for {n} observed day(s).");
        else
        {
            double lpMin = Log(ps[n - 1]), lyMin = Log(ys[n - 1]), qs = 0, qo = 0;
            for (int i = low; i < n; i++) { qs += Log(ps[i]) - lpMin; qo += Log(ys[i]) - lyMin; }
            set.Set("flv_yilmaz", qo == 0 ? double.NaN : -100 * (qs - qo) / qo,
                "the observed low flows are constant (after flooring at 1e-6), so the FLV denominator is zero.");
        }

        int m1 = (int)Math.Round(0.2 * n), m2 = Math.Min((int)Math.Round(0.7 * n), n - 1);
        if (m2 <= m1) set.Missing("fms_yilmaz", $"the mid segment (exceedance 0.2–0.7) has no width for {n} observed day(s).");
        else
        {
            double so = Log(ys[m1]) - Log(ys[m2]), sp = Log(ps[m1]) - Log(ps[m2]);
            set.Set("fms_yilmaz", so == 0 ? double.NaN : 100 * (sp - so) / so,
                "the observed flow-duration curve is flat between exceedance 0.2 and 0.7, so the FMS denominator is zero.");
        }
    }

    static double Log(double q) => Math.Log(Math.Max(q, LogFloor));

    static double Sq(double x) => x * x;

    static double[] Descending(double[] ascending)
    {
        var s = (double[])ascending.Clone();
        Array.Reverse(s);
        return s;
    }
}
