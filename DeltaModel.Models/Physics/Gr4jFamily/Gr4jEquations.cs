using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Gr4jFamily;

/// <summary>The GR4J stores of every (basin, component): production S and routing R <c>[B, C]</c> [mm], and the water
/// still in the unit hydrographs, <c>[B, C, N − 1]</c> [mm] (element k leaves k + 1 days after today).</summary>
internal readonly record struct Gr4jStores(Tensor Production, Tensor Routing, Tensor Uh1, Tensor Uh2)
{
    public IEnumerable<Tensor> All => [Production, Routing, Uh1, Uh2];
}

/// <summary>
/// One day of GR4J (Perrin, Michel &amp; Andréassian 2003, J. Hydrol. 279) in autograd tensor ops, written from the
/// paper. Tensors are <c>[B, C]</c> (forcings <c>[B, 1]</c>). Order: interception of P by E → production store (Ps, Es,
/// tanh forms) → percolation → effective rainfall Pr split 90/10 into UH1 and UH2 → exchange F = x2·(R/x3)^3.5 applied
/// to the routing branch (R = max(0, R + Q9 + F)) and the direct branch (Qd = max(0, Q1 + F)) → routing outflow
/// Qr = R·(1 − (1 + (R/x3)^4)^−1/4).
/// <para>Gradients (spec §2.10): the equations are smooth except at P = E (<c>clamp_min</c> for Pn, En), the two
/// <c>max(0, ·)</c> of the exchange (<c>clamp_min</c>: gradient passes where the bound is met) and the kinks of the
/// S-curves at t = x4 and t = 2·x4 (one-sided derivatives by <c>clamp</c>).</para>
/// <para>Guards for dynamic x1, x3 (no-ops when they are static): a production store above today's x1 spills the excess
/// into percolation; the exchange uses min(R/x3, 1).</para>
/// <para>The actual exchange is booked: (R after max − R − Q9) + (Qd − Q1), which equals 2F unless a max(0, ·) cuts
/// it; it is an output and a budget term, never lost silently.</para>
/// </summary>
internal static class Gr4jEquations
{
    /// <summary>Number of flux channels of <see cref="Step"/>.</summary>
    public const int FluxCount = 11;

    /// <summary>
    /// UH ordinates (Perrin et al. 2003, eqs. for SH1, SH2): <c>UH1_j = SH1(j) − SH1(j−1)</c>, j = 1…n1, with
    /// SH1(t) = min(t/x4, 1)^2.5; <c>UH2_j = SH2(j) − SH2(j−1)</c>, j = 1…n2, with SH2(t) = ½(t/x4)^2.5 for t ≤ x4,
    /// 1 − ½(2 − t/x4)^2.5 for x4 &lt; t &lt; 2x4, 1 beyond. Each sums to 1 when n1 ≥ x4 and n2 ≥ 2·x4.
    /// </summary>
    /// <param name="x4">UH time base [d] <c>[B, C]</c>, 0 &lt; x4 ≤ n1.</param>
    /// <returns><c>[B, C, n1]</c> and <c>[B, C, n2]</c>.</returns>
    public static (Tensor Uh1, Tensor Uh2) Ordinates(Tensor x4, int n1, int n2)
    {
        using var scope = NewDisposeScope();
        var x = x4.unsqueeze(-1);                                                  // [B, C, 1]
        Tensor Sh1(Tensor t) => (t / x).clamp_max(Kept(1)).pow(Kept(2.5));
        Tensor Sh2(Tensor t)
        {
            var r = t / x;
            // Both branches are finite everywhere (clamped bases), so where() passes no NaN gradient.
            return where(r.le(Kept(1)), r.clamp_max(Kept(1)).pow(Kept(2.5)).mul(Kept(0.5)), r.RSub(2).clamp(Kept(0), Kept(1)).pow(Kept(2.5)).mul(Kept(0.5)).RSub(1));
        }
        var j1 = Days(n1, x4);                                                     // [n1]
        var j2 = Days(n2, x4);                                                     // [n2]
        var uh1 = Sh1(j1) - Sh1(j1.sub(Kept(1)));                                           // [B, C, n1]
        var uh2 = Sh2(j2) - Sh2(j2.sub(Kept(1)));                                           // [B, C, n2]
        return (uh1.MoveToOuterDisposeScope(), uh2.MoveToOuterDisposeScope());
    }

    /// <summary>1, 2, …, n in <paramref name="like"/>'s dtype and device: <c>arange</c>'s values, built from a managed
    /// array because TorchSharp's <c>arange</c> makes Scalars on the fly (docs/platform.md).</summary>
    static Tensor Days(int n, Tensor like) =>
        tensor(Enumerable.Range(1, n).Select(j => (double)j).ToArray(), dtype: like.dtype, device: like.device);

    /// <summary>Advances GR4J by one day.</summary>
    /// <param name="s">Stores at the start of the day.</param>
    /// <param name="water">Liquid water reaching the ground (rain, or rain + melt under CemaNeige) [mm/d] <c>[B, 1]</c> or <c>[B, C]</c>.</param>
    /// <param name="pet">Potential evapotranspiration [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="x1">Production store capacity [mm].</param>
    /// <param name="x2">Exchange coefficient [mm/d].</param>
    /// <param name="x3">Routing store capacity [mm].</param>
    /// <param name="uh1">UH1 ordinates <c>[B, C, n1]</c>.</param>
    /// <param name="uh2">UH2 ordinates <c>[B, C, n2]</c>.</param>
    /// <returns>Stores at the end of the day and the fluxes <c>[11, B, C]</c>: Q, AET, actual exchange, percolation,
    /// Pr, Qr, Qd, Pn, Ps, potential exchange F, Es [mm/d].</returns>
    public static (Gr4jStores Stores, Tensor Fluxes) Step(in Gr4jStores s, Tensor water, Tensor pet,
        Tensor x1, Tensor x2, Tensor x3, Tensor uh1, Tensor uh2)
    {
        // Interception: net rainfall or net evaporation capacity.
        var pn = (water - pet).clamp_min(Kept(0));                                      // mm/d
        var en = (pet - water).clamp_min(Kept(0));                                      // mm/d
        // Production store. With a dynamic x1 the store may exceed today's capacity: the excess spills into
        // percolation (a no-op for static x1, where S ≤ x1 always holds), so S/x1 stays in [0, 1].
        var spill = (s.Production - x1).clamp_min(Kept(0));                             // mm/d
        var store = s.Production - spill;
        var ratio = store / x1;                                                    // [B, C] −, in [0, 1]
        var tp = (pn / x1).tanh();
        var te = (en / x1).tanh();
        var ps = x1 * (ratio * ratio).RSub(1) * tp / (ratio * tp).Plus(1);               // mm/d into the store
        var es = store * ratio.RSub(2) * te / (ratio.RSub(1) * te).Plus(1);               // mm/d evaporated from it
        var s1 = (store - es).Plus(ps);
        var perc = (s1 * (s1 / x1).mul(Kept(4.0 / 9.0)).pow(Kept(4)).Plus(1).pow(Kept(-0.25)).RSub(1)).Plus(spill);   // mm/d
        var production = s1 - (perc - spill);
        var pr = perc.Plus(pn - ps);                                               // effective rainfall, mm/d

        // Unit hydrographs: today's Pr spreads over the next days; element 0 leaves today.
        var v1 = nn.functional.pad(s.Uh1, [0, 1]).Plus(uh1 * pr.mul(Kept(0.9)).unsqueeze(-1));   // [B, C, n1]
        var v2 = nn.functional.pad(s.Uh2, [0, 1]).Plus(uh2 * pr.mul(Kept(0.1)).unsqueeze(-1));   // [B, C, n2]
        var q9 = v1[.., .., 0];
        var q1 = v2[.., .., 0];

        // Exchange and routing store.
        // R < x3 at the start of every day for a static x3, so the cap at 1 only bounds |F| ≤ |x2| when x3 is dynamic.
        var f = x2 * (s.Routing / x3).clamp_max(Kept(1)).pow(Kept(3.5));                     // potential exchange, mm/d per branch
        var r0 = s.Routing.Plus(q9);
        var r1 = r0.Plus(f).clamp_min(Kept(0));
        var qr = r1 * (r1 / x3).pow(Kept(4)).Plus(1).pow(Kept(-0.25)).RSub(1);                     // mm/d
        var routing = r1 - qr;
        var qd = q1.Plus(f).clamp_min(Kept(0));                                          // mm/d
        var exchange = (r1 - r0).Plus(qd - q1);                                    // actual gain (+) / loss (−), mm/d
        var q = qr.Plus(qd);
        var aet = (water - pn).Plus(es);                                             // interception + store evaporation
        var next = new Gr4jStores(production, routing, v1[.., .., 1..], v2[.., .., 1..]);
        var fluxes = stack([q, aet.expand_as(q), exchange, perc, pr, qr, qd, pn.expand_as(q), ps, f, es]);   // [11, B, C]
        return (next, fluxes);
    }
}
