using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.HbvFamily.Fused;

/// <summary>Parameter values of <c>Vector&lt;T&gt;.Count</c> components on one day (physical units, spec §2.2), or their adjoints.</summary>
internal struct HbvParams<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector<T> Beta, Fc, K0, K1, K2, Lp, Perc, Uzl, Tt, Cfmax, Cfr, Cwh, BetaEt, C;

    /// <summary>HBV 2.0's lateral exchange potential LF [mm/d] (+ = gain), already derived from parRT, parAC and the
    /// basin's area; what the lower zone actually gains is limited by its storage.</summary>
    public Vector<T> Lf;

    public const int Count = 15;

    [UnscopedRef] public ref Vector<T> this[int i] => ref Unsafe.Add(ref Beta, i);
}

/// <summary>The five stores of a lane of components [mm]: snowpack, meltwater, soil moisture, upper and lower zone.</summary>
internal struct HbvStores<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector<T> Sp, Mw, Sm, Suz, Slz;

    public const int Count = 5;

    [UnscopedRef] public ref Vector<T> this[int i] => ref Unsafe.Add(ref Sp, i);
}

/// <summary>Fluxes of a lane of components on one day, in the order of the kernel's output channels [mm/d; evapfactor −].</summary>
internal struct HbvFluxes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector<T> Q0, Q1, Q2, Et, Swe, Recharge, Excess, EvapFactor, ToSoil, Percolation, Capillary;

    /// <summary>Water created by the ε floors on SM (and SLZ in 1.1p) [mm/d]: the one term that keeps the budget exact.</summary>
    public Vector<T> FloorGain;

    /// <summary>Lateral exchange actually applied to the lower zone (HBV 2.0) [mm/d], + = gain: booked in the budget.</summary>
    public Vector<T> Exchange;

    public const int Count = 13;

    [UnscopedRef] public ref Vector<T> this[int i] => ref Unsafe.Add(ref Q0, i);
}

/// <summary>Every intermediate of one forward step that the adjoint needs (masks are all-ones/all-zeros lanes).</summary>
internal struct HbvTrace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector<T> IsRain, Sp1, A, Melt, Mw1, Sp2, R, Refr, Sp3, Mw2, D;
    public Vector<T> Ratio, LogRatio, WRaw, W, Inflow, Sm1, E, Sm2, Ratio2, LogRatio2, EfRaw, Ef, Pot, Sm3Raw;
    public Vector<T> Sm3, CapRatio, CapRaw, Sm4Raw, SlzAfterCapRaw;
    public Vector<T> Suz1, Suz2, U, Suz3, Slz1, SlzX, Slz2;
}

/// <summary>
/// One day of HBV 1.0 / 1.1p / 2.0 (spec §2.3–2.5) for a SIMD lane of components, forward and reverse mode.
/// The reverse mode is the exact derivative of the same discrete equations with libtorch's subgradient conventions
/// (spec §2.10), so it agrees with the autograd reference: <c>max(x, 0)</c> and <c>clamp</c> pass the gradient where
/// the bound is met inclusively; <c>min(a, b)</c> splits it in half on exact ties; the rain/snow indicator has none.
/// </summary>
internal static class HbvStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static readonly Vector<T> Half = new(T.CreateChecked(0.5));

    /// <summary>Advances <paramref name="s"/> by one day; fills <paramref name="f"/> and the trace <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward(in HbvParams<T> p, Vector<T> prcp, Vector<T> temp, Vector<T> pet, Vector<T> eps,
        bool betaEt, bool capillary, bool exchange, ref HbvStores<T> s, ref HbvFluxes<T> f, ref HbvTrace<T> x)
    {
        var zero = Vector<T>.Zero;
        var one = Vector<T>.One;

        // Snow (steps 1–5).
        x.IsRain = Vector.GreaterThanOrEqual(temp, p.Tt);
        var rain = prcp & x.IsRain;
        var snow = prcp - rain;
        x.Sp1 = s.Sp + snow;
        x.A = p.Cfmax * (temp - p.Tt);
        x.Melt = Vector.MinNative(Vector.MaxNative(x.A, zero), x.Sp1);
        x.Mw1 = s.Mw + x.Melt;
        x.Sp2 = x.Sp1 - x.Melt;
        x.R = p.Cfr * p.Cfmax * (p.Tt - temp);
        x.Refr = Vector.MinNative(Vector.MaxNative(x.R, zero), x.Mw1);
        x.Sp3 = x.Sp2 + x.Refr;
        x.Mw2 = x.Mw1 - x.Refr;
        x.D = x.Mw2 - p.Cwh * x.Sp3;
        f.ToSoil = Vector.MaxNative(x.D, zero);
        var mw3 = x.Mw2 - f.ToSoil;

        // Soil (steps 6–8); recharge uses SM before today's input.
        x.Ratio = s.Sm / p.Fc;
        x.LogRatio = Log(x.Ratio);
        x.WRaw = Exp(p.Beta * x.LogRatio);                                  // (SM/FC)^β with SM ≥ ε > 0
        x.W = Vector.MinNative(Vector.MaxNative(x.WRaw, zero), one);
        x.Inflow = rain + f.ToSoil;
        f.Recharge = x.Inflow * x.W;
        x.Sm1 = s.Sm + x.Inflow - f.Recharge;
        x.E = x.Sm1 - p.Fc;
        f.Excess = Vector.MaxNative(x.E, zero);
        x.Sm2 = x.Sm1 - f.Excess;
        x.Ratio2 = x.Sm2 / (p.Lp * p.Fc);
        if (betaEt)
        {
            x.LogRatio2 = Log(x.Ratio2);
            x.EfRaw = Exp(p.BetaEt * x.LogRatio2);
        }
        else x.EfRaw = x.Ratio2;
        x.Ef = Vector.MinNative(Vector.MaxNative(x.EfRaw, zero), one);
        f.EvapFactor = x.Ef;
        x.Pot = pet * x.Ef;
        f.Et = Vector.MinNative(x.Sm2, x.Pot);
        x.Sm3Raw = x.Sm2 - f.Et;
        x.Sm3 = Vector.MaxNative(x.Sm3Raw, eps);
        f.FloorGain = x.Sm3 - x.Sm3Raw;

        // Capillary rise (HBV 1.1p, step 8b), from SLZ at the end of yesterday.
        var sm = x.Sm3;
        var slz = s.Slz;
        if (capillary)
        {
            x.CapRatio = x.Sm3 / p.Fc;
            x.CapRaw = p.C * s.Slz * (one - Vector.MinNative(x.CapRatio, one));
            f.Capillary = Vector.MinNative(s.Slz, x.CapRaw);
            x.Sm4Raw = x.Sm3 + f.Capillary;
            sm = Vector.MaxNative(x.Sm4Raw, eps);
            x.SlzAfterCapRaw = s.Slz - f.Capillary;
            slz = Vector.MaxNative(x.SlzAfterCapRaw, eps);
            f.FloorGain += (sm - x.Sm4Raw) + (slz - x.SlzAfterCapRaw);
        }
        else f.Capillary = zero;

        // Response (steps 9–12).
        x.Suz1 = s.Suz + f.Recharge + f.Excess;
        f.Percolation = Vector.MinNative(x.Suz1, p.Perc);
        x.Suz2 = x.Suz1 - f.Percolation;
        x.U = x.Suz2 - p.Uzl;
        f.Q0 = p.K0 * Vector.MaxNative(x.U, zero);
        x.Suz3 = x.Suz2 - f.Q0;
        f.Q1 = p.K1 * x.Suz3;
        x.Slz1 = slz + f.Percolation;
        if (exchange)
        {
            // HBV 2.0 lateral exchange (spec §2.5): SLZ ← max(SLZ + LF, 0). Deviation (spec §10.21): the applied part is a booked flux.
            x.SlzX = x.Slz1 + p.Lf;
            x.Slz2 = Vector.MaxNative(x.SlzX, zero);
            f.Exchange = x.Slz2 - x.Slz1;
        }
        else
        {
            x.Slz2 = x.Slz1;
            f.Exchange = zero;
        }
        f.Q2 = p.K2 * x.Slz2;
        f.Swe = x.Sp3;

        s.Sp = x.Sp3;
        s.Mw = mw3;
        s.Sm = sm;
        s.Suz = x.Suz3 - f.Q1;
        s.Slz = x.Slz2 - f.Q2;
    }

    /// <summary>
    /// Reverse mode of <see cref="Forward"/> for the step that started from <paramref name="s0"/> and left trace
    /// <paramref name="x"/>. On entry <paramref name="lambda"/> holds d(loss)/d(stores after the step); on exit,
    /// d(loss)/d(stores before it). Parameter and forcing adjoints are added to <paramref name="gp"/> and the g* refs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backward(in HbvParams<T> p, Vector<T> temp, Vector<T> pet, Vector<T> eps, bool betaEt, bool capillary, bool exchange,
        in HbvStores<T> s0, in HbvTrace<T> x, in HbvFluxes<T> gf, ref HbvStores<T> lambda, ref HbvParams<T> gp,
        ref Vector<T> gPrcp, ref Vector<T> gTemp, ref Vector<T> gPet)
    {
        var zero = Vector<T>.Zero;
        var one = Vector<T>.One;

        // --- Response, in reverse.
        var gQ2 = gf.Q2 - lambda.Slz;                                        // SLZ3 = SLZ2 − Q2
        var gSlz2 = lambda.Slz + gQ2 * p.K2;                                 // Q2 = K2·SLZ2
        gp.K2 += gQ2 * x.Slz2;
        Vector<T> gSlz1;
        if (exchange)
        {
            var gOut = gSlz2 + gf.Exchange;                                  // SLZ2 = max(SLZX, 0); exchange = SLZ2 − SLZ1
            var gX = Pass(gOut, Vector.GreaterThanOrEqual(x.SlzX, zero));
            gp.Lf += gX;                                                     // SLZX = SLZ1 + LF
            gSlz1 = gX - gf.Exchange;
        }
        else gSlz1 = gSlz2;
        var gPerc = gf.Percolation + gSlz1;                                  // SLZ1 = SLZ' + perc
        var gQ1 = gf.Q1 - lambda.Suz;                                        // SUZ4 = SUZ3 − Q1
        var gSuz3 = lambda.Suz + gQ1 * p.K1;                                 // Q1 = K1·SUZ3
        gp.K1 += gQ1 * x.Suz3;
        var gQ0 = gf.Q0 - gSuz3;                                             // SUZ3 = SUZ2 − Q0
        gp.K0 += gQ0 * Vector.MaxNative(x.U, zero);                          // Q0 = K0·max(U, 0)
        var gU = Pass(gQ0 * p.K0, Vector.GreaterThanOrEqual(x.U, zero));
        var gSuz2 = gSuz3 + gU;                                              // U = SUZ2 − UZL
        gp.Uzl -= gU;
        gPerc -= gSuz2;                                                      // SUZ2 = SUZ1 − perc
        MinAdjoint(x.Suz1, p.Perc, gPerc, out var dSuz1, out var dPercCap);  // perc = min(SUZ1, PERC)
        var gSuz1 = gSuz2 + dSuz1;
        gp.Perc += dPercCap;
        var gRech = gf.Recharge + gSuz1;                                     // SUZ1 = SUZ + rech + ex
        var gEx = gf.Excess + gSuz1;

        // --- Capillary rise, in reverse. The floor gain is Σ (max(y, ε) − y) over the floors.
        Vector<T> gSm3, gSlz0;
        if (capillary)
        {
            var gGain = gf.FloorGain;
            var gSlzRaw = Pass(gSlz1 + gGain, Vector.GreaterThanOrEqual(x.SlzAfterCapRaw, eps)) - gGain;   // SLZ' = max(SLZ − cap, ε)
            var gSm4Raw = Pass(lambda.Sm + gGain, Vector.GreaterThanOrEqual(x.Sm4Raw, eps)) - gGain;       // SM4 = max(SM3 + cap, ε)
            var gCap = gf.Capillary - gSlzRaw + gSm4Raw;
            gSlz0 = gSlzRaw;
            gSm3 = gSm4Raw;
            MinAdjoint(s0.Slz, x.CapRaw, gCap, out var dSlz, out var gCapRaw);  // cap = min(SLZ, capRaw)
            gSlz0 += dSlz;
            var oneMinus = one - Vector.MinNative(x.CapRatio, one);
            gp.C += gCapRaw * s0.Slz * oneMinus;                                  // capRaw = C·SLZ·(1 − min(SM3/FC, 1))
            gSlz0 += gCapRaw * p.C * oneMinus;
            MinAdjoint(x.CapRatio, one, -gCapRaw * p.C * s0.Slz, out var gRatioCap, out _);
            gSm3 += gRatioCap / p.Fc;
            gp.Fc -= gRatioCap * x.Sm3 / (p.Fc * p.Fc);
        }
        else
        {
            gSm3 = lambda.Sm;
            gSlz0 = gSlz1;
        }

        // --- Soil, in reverse.
        var gSm3Raw = Pass(gSm3 + gf.FloorGain, Vector.GreaterThanOrEqual(x.Sm3Raw, eps)) - gf.FloorGain;  // SM3 = max(SM2 − ET, ε)
        var gEt = gf.Et - gSm3Raw;
        MinAdjoint(x.Sm2, x.Pot, gEt, out var dSm2, out var gPot);          // ET = min(SM2, PET·ef)
        var gSm2 = gSm3Raw + dSm2;
        gPet += gPot * x.Ef;
        var gEf = gf.EvapFactor + gPot * pet;
        var gEfRaw = Pass(gEf, InUnit(x.EfRaw));                            // ef = clamp(efRaw, 0, 1)
        Vector<T> gRatio2;
        if (betaEt)
        {
            gRatio2 = gEfRaw * p.BetaEt * x.EfRaw / x.Ratio2;                // d/dx x^γ = γ·x^γ/x, x > 0
            gp.BetaEt += gEfRaw * x.EfRaw * x.LogRatio2;                     // d/dγ x^γ = x^γ·ln x
        }
        else gRatio2 = gEfRaw;
        var lpFc = p.Lp * p.Fc;
        gSm2 += gRatio2 / lpFc;                                              // ratio2 = SM2/(LP·FC)
        gp.Lp -= gRatio2 * x.Sm2 / (lpFc * p.Lp);
        gp.Fc -= gRatio2 * x.Sm2 / (lpFc * p.Fc);
        gEx -= gSm2;                                                         // SM2 = SM1 − ex
        var gE = Pass(gEx, Vector.GreaterThanOrEqual(x.E, zero));           // ex = max(E, 0)
        var gSm1 = gSm2 + gE;                                                // E = SM1 − FC
        gp.Fc -= gE;
        var gSm0 = gSm1;                                                     // SM1 = SM + inflow − rech
        gRech -= gSm1;
        var gInflow = gSm1 + gRech * x.W;                                    // rech = inflow·w
        var gWRaw = Pass(gRech * x.Inflow, InUnit(x.WRaw));                  // w = clamp(wRaw, 0, 1)
        var gRatio = gWRaw * p.Beta * x.WRaw / x.Ratio;                      // SM ≥ ε keeps the ratio > 0
        gp.Beta += gWRaw * x.WRaw * x.LogRatio;
        gSm0 += gRatio / p.Fc;                                               // ratio = SM/FC
        gp.Fc -= gRatio * s0.Sm / (p.Fc * p.Fc);
        var gRain = gInflow;                                                 // inflow = rain + tosoil
        var gToSoil = gf.ToSoil + gInflow;

        // --- Snow, in reverse.
        var gMw2 = lambda.Mw;                                                // MW3 = MW2 − tosoil
        gToSoil -= lambda.Mw;
        var gD = Pass(gToSoil, Vector.GreaterThanOrEqual(x.D, zero));       // tosoil = max(D, 0)
        gMw2 += gD;                                                          // D = MW2 − CWH·SP3
        gp.Cwh -= gD * x.Sp3;
        var gSp3 = lambda.Sp + gf.Swe - gD * p.Cwh;
        var gRefr = gSp3 - gMw2;                                             // SP3 = SP2 + refr; MW2 = MW1 − refr
        MinAdjoint(Vector.MaxNative(x.R, zero), x.Mw1, gRefr, out var gRPos, out var dMw1);   // refr = min(max(R,0), MW1)
        var gMw1 = gMw2 + dMw1;
        var gR = Pass(gRPos, Vector.GreaterThanOrEqual(x.R, zero));
        var tDiff = p.Tt - temp;                                             // R = CFR·CFMAX·(TT − T)
        var cfrCfmax = p.Cfr * p.Cfmax;
        gp.Cfr += gR * p.Cfmax * tDiff;
        gp.Cfmax += gR * p.Cfr * tDiff;
        gp.Tt += gR * cfrCfmax;
        gTemp -= gR * cfrCfmax;
        var gMelt = gMw1 - gSp3;                                             // SP2 = SP1 − melt; MW1 = MW + melt
        MinAdjoint(Vector.MaxNative(x.A, zero), x.Sp1, gMelt, out var gAPos, out var dSp1);   // melt = min(max(A,0), SP1)
        var gSp1 = gSp3 + dSp1;
        var gA = Pass(gAPos, Vector.GreaterThanOrEqual(x.A, zero));
        gp.Cfmax -= gA * tDiff;                                              // A = CFMAX·(T − TT)
        gTemp += gA * p.Cfmax;
        gp.Tt -= gA * p.Cfmax;
        gPrcp += Vector.ConditionalSelect(x.IsRain, gRain, gSp1);            // rain/snow split: no gradient to TT

        lambda.Sp = gSp1;                                                    // SP1 = SP + snow
        lambda.Mw = gMw1;
        lambda.Sm = gSm0;
        lambda.Suz = gSuz1;
        lambda.Slz = gSlz0;
    }

    /// <summary>g where the mask is set, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Pass(Vector<T> g, Vector<T> mask) => g & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> InUnit(Vector<T> x) =>
        Vector.GreaterThanOrEqual(x, Vector<T>.Zero) & Vector.LessThanOrEqual(x, Vector<T>.One);

    /// <summary>Adjoint of <c>min(a, b)</c>: the gradient goes to the smaller, half each on a tie (libtorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MinAdjoint(Vector<T> a, Vector<T> b, Vector<T> g, out Vector<T> ga, out Vector<T> gb)
    {
        ga = (g & Vector.LessThan(a, b)) + ((g * Half) & Vector.Equals(a, b));
        gb = g - ga;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Exp(Vector<T> v) =>
        typeof(T) == typeof(float) ? Vector.Exp(v.As<T, float>()).As<float, T>() : Vector.Exp(v.As<T, double>()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Log(Vector<T> v) =>
        typeof(T) == typeof(float) ? Vector.Log(v.As<T, float>()).As<float, T>() : Vector.Log(v.As<T, double>()).As<double, T>();
}
