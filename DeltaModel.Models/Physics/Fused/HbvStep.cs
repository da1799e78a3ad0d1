using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Fused;

/// <summary>Parameter values of one component on one day (physical units, spec §2.2), or their adjoints.</summary>
internal struct HbvParams<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta, Fc, K0, K1, K2, Lp, Perc, Uzl, Tt, Cfmax, Cfr, Cwh, BetaEt, C;

    public const int Count = 14;

    [UnscopedRef] public ref T this[int i] => ref Unsafe.Add(ref Beta, i);
}

/// <summary>The five stores of one component [mm]: snowpack, meltwater, soil moisture, upper and lower zone.</summary>
internal struct HbvStores<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Sp, Mw, Sm, Suz, Slz;

    public const int Count = 5;

    [UnscopedRef] public ref T this[int i] => ref Unsafe.Add(ref Sp, i);
}

/// <summary>Fluxes of one component on one day, in the order of the kernel's output channels [mm/d, evapfactor -].</summary>
internal struct HbvFluxes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Q0, Q1, Q2, Et, Swe, Recharge, Excess, EvapFactor, ToSoil, Percolation, Capillary;

    /// <summary>Water created by the ε floors on SM (and SLZ in 1.1p) [mm/d]: the one term that keeps the budget exact.</summary>
    public T FloorGain;

    public const int Count = 12;

    [UnscopedRef] public ref T this[int i] => ref Unsafe.Add(ref Q0, i);
}

/// <summary>Every intermediate of one forward step that the adjoint needs.</summary>
internal struct HbvTrace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool IsRain;
    public T Sp1, A, Melt, Mw1, Sp2, R, Refr, Sp3, Mw2, D;
    public T Ratio, WRaw, W, Inflow, Sm1, E, Sm2, Ratio2, EfRaw, Ef, Pot, Sm3Raw, Sm3;
    public T CapRatio, CapRaw, Cap, Sm4Raw, SlzAfterCapRaw, SlzAfterCap;
    public T Suz1, Suz2, U, Suz3, Slz1;
}

/// <summary>
/// One day of HBV 1.0 / 1.1p for one component (spec §2.3, §2.4), forward and reverse mode, in plain scalars.
/// The reverse mode is the exact derivative of the same discrete equations, with libtorch's subgradient conventions
/// (spec §2.10) so it agrees with the autograd reference: <c>max(x, 0)</c> and <c>clamp</c> pass the gradient where
/// the bound is met inclusively; <c>min(a, b)</c> splits it in half on exact ties; the rain/snow indicator has none.
/// </summary>
internal static class HbvStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static readonly T Half = T.CreateChecked(0.5);

    /// <summary>Advances <paramref name="s"/> by one day; fills <paramref name="f"/> and the trace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward(in HbvParams<T> p, T prcp, T temp, T pet, T eps, bool betaEt, bool capillary,
        ref HbvStores<T> s, out HbvFluxes<T> f, out HbvTrace<T> x)
    {
        x = default;
        f = default;
        // Snow (steps 1–5).
        x.IsRain = temp >= p.Tt;
        T rain = x.IsRain ? prcp : T.Zero, snow = x.IsRain ? T.Zero : prcp;
        x.Sp1 = s.Sp + snow;
        x.A = p.Cfmax * (temp - p.Tt);
        x.Melt = T.Min(Relu(x.A), x.Sp1);
        x.Mw1 = s.Mw + x.Melt;
        x.Sp2 = x.Sp1 - x.Melt;
        x.R = p.Cfr * p.Cfmax * (p.Tt - temp);
        x.Refr = T.Min(Relu(x.R), x.Mw1);
        x.Sp3 = x.Sp2 + x.Refr;
        x.Mw2 = x.Mw1 - x.Refr;
        x.D = x.Mw2 - p.Cwh * x.Sp3;
        f.ToSoil = Relu(x.D);
        T mw3 = x.Mw2 - f.ToSoil;

        // Soil (steps 6–8), recharge from SM before today's input.
        x.Ratio = s.Sm / p.Fc;
        x.WRaw = T.Pow(x.Ratio, p.Beta);
        x.W = Clamp01(x.WRaw);
        x.Inflow = rain + f.ToSoil;
        f.Recharge = x.Inflow * x.W;
        x.Sm1 = s.Sm + x.Inflow - f.Recharge;
        x.E = x.Sm1 - p.Fc;
        f.Excess = Relu(x.E);
        x.Sm2 = x.Sm1 - f.Excess;
        x.Ratio2 = x.Sm2 / (p.Lp * p.Fc);
        x.EfRaw = betaEt ? T.Pow(x.Ratio2, p.BetaEt) : x.Ratio2;
        x.Ef = Clamp01(x.EfRaw);
        f.EvapFactor = x.Ef;
        x.Pot = pet * x.Ef;
        f.Et = T.Min(x.Sm2, x.Pot);
        x.Sm3Raw = x.Sm2 - f.Et;
        x.Sm3 = T.Max(x.Sm3Raw, eps);
        f.FloorGain = x.Sm3 - x.Sm3Raw;

        // Capillary rise (HBV 1.1p, step 8b), from SLZ at the end of yesterday.
        T sm = x.Sm3, slz = s.Slz;
        if (capillary)
        {
            x.CapRatio = x.Sm3 / p.Fc;
            x.CapRaw = p.C * s.Slz * (T.One - T.Min(x.CapRatio, T.One));
            x.Cap = T.Min(s.Slz, x.CapRaw);
            x.Sm4Raw = x.Sm3 + x.Cap;
            sm = T.Max(x.Sm4Raw, eps);
            x.SlzAfterCapRaw = s.Slz - x.Cap;
            slz = T.Max(x.SlzAfterCapRaw, eps);
            x.SlzAfterCap = slz;
            f.Capillary = x.Cap;
            f.FloorGain += (sm - x.Sm4Raw) + (slz - x.SlzAfterCapRaw);
        }

        // Response (steps 9–12).
        x.Suz1 = s.Suz + f.Recharge + f.Excess;
        f.Percolation = T.Min(x.Suz1, p.Perc);
        x.Suz2 = x.Suz1 - f.Percolation;
        x.U = x.Suz2 - p.Uzl;
        f.Q0 = p.K0 * Relu(x.U);
        x.Suz3 = x.Suz2 - f.Q0;
        f.Q1 = p.K1 * x.Suz3;
        T suz4 = x.Suz3 - f.Q1;
        x.Slz1 = slz + f.Percolation;
        f.Q2 = p.K2 * x.Slz1;
        T slz2 = x.Slz1 - f.Q2;
        f.Swe = x.Sp3;

        s.Sp = x.Sp3;
        s.Mw = mw3;
        s.Sm = sm;
        s.Suz = suz4;
        s.Slz = slz2;
    }

    /// <summary>
    /// Reverse mode of <see cref="Forward"/> for the step that started from <paramref name="s0"/>.
    /// On entry <paramref name="lambda"/> holds d(loss)/d(stores after the step); on exit, d(loss)/d(stores before it).
    /// Parameter and forcing adjoints are added to <paramref name="gp"/>, <paramref name="gPrcp"/>, <paramref name="gTemp"/>,
    /// <paramref name="gPet"/>.
    /// </summary>
    public static void Backward(in HbvParams<T> p, T prcp, T temp, T pet, T eps, bool betaEt, bool capillary,
        in HbvStores<T> s0, in HbvFluxes<T> gf, ref HbvStores<T> lambda, ref HbvParams<T> gp,
        ref T gPrcp, ref T gTemp, ref T gPet)
    {
        var s = s0;
        Forward(p, prcp, temp, pet, eps, betaEt, capillary, ref s, out var f, out var x);

        // --- Response, in reverse.
        T gSlz2 = lambda.Slz, gSuz4 = lambda.Suz;
        T gQ2 = gf.Q2 - gSlz2;                              // SLZ2 = SLZ1 − Q2
        T gSlz1 = gSlz2 + gQ2 * p.K2;                        // Q2 = K2·SLZ1
        gp.K2 += gQ2 * x.Slz1;
        T gPerc = gf.Percolation + gSlz1;                    // SLZ1 = SLZ' + perc
        T gSlzBefore = gSlz1;                                // d/d SLZ' (after capillary, or SLZ0)
        T gQ1 = gf.Q1 - gSuz4;                               // SUZ4 = SUZ3 − Q1
        T gSuz3 = gSuz4 + gQ1 * p.K1;                        // Q1 = K1·SUZ3
        gp.K1 += gQ1 * x.Suz3;
        T gQ0 = gf.Q0 - gSuz3;                               // SUZ3 = SUZ2 − Q0
        T gSuz2 = gSuz3;
        gp.K0 += gQ0 * Relu(x.U);                            // Q0 = K0·max(U, 0)
        T gU = x.U >= T.Zero ? gQ0 * p.K0 : T.Zero;
        gSuz2 += gU;                                         // U = SUZ2 − UZL
        gp.Uzl -= gU;
        T gSuz1 = gSuz2;                                     // SUZ2 = SUZ1 − perc
        gPerc -= gSuz2;
        MinAdjoint(x.Suz1, p.Perc, gPerc, out T dSuz1, out T dPercCap);   // perc = min(SUZ1, PERC)
        gSuz1 += dSuz1;
        gp.Perc += dPercCap;
        T gRech = gf.Recharge + gSuz1;                       // SUZ1 = SUZ + rech + ex
        T gEx = gf.Excess + gSuz1;
        T gSuz0 = gSuz1;

        // --- Capillary rise, in reverse.
        T gSm3, gSlz0;
        if (capillary)
        {
            T gGain = gf.FloorGain;                                       // gain includes max(y, ε) − y of each floor
            T gSlzRaw = (x.SlzAfterCapRaw >= eps ? gSlzBefore + gGain : T.Zero) - gGain;   // SLZ' = max(SLZ − cap, ε)
            T gCap = gf.Capillary - gSlzRaw;
            gSlz0 = gSlzRaw;
            T gSm4Raw = (x.Sm4Raw >= eps ? lambda.Sm + gGain : T.Zero) - gGain;   // SM4 = max(SM3 + cap, ε)
            gSm3 = gSm4Raw;
            gCap += gSm4Raw;
            MinAdjoint(s0.Slz, x.CapRaw, gCap, out T dSlz, out T gCapRaw); // cap = min(SLZ, capRaw)
            gSlz0 += dSlz;
            T oneMinus = T.One - T.Min(x.CapRatio, T.One);
            gp.C += gCapRaw * s0.Slz * oneMinus;                          // capRaw = C·SLZ·(1 − min(SM3/FC, 1))
            gSlz0 += gCapRaw * p.C * oneMinus;
            T gMinRatio = -gCapRaw * p.C * s0.Slz;
            MinAdjoint(x.CapRatio, T.One, gMinRatio, out T gRatioCap, out _);
            gSm3 += gRatioCap / p.Fc;
            gp.Fc -= gRatioCap * x.Sm3 / (p.Fc * p.Fc);
        }
        else
        {
            gSm3 = lambda.Sm;
            gSlz0 = gSlzBefore;
        }

        // --- Soil, in reverse.
        T gSm3Raw = (x.Sm3Raw >= eps ? gSm3 + gf.FloorGain : T.Zero) - gf.FloorGain;   // SM3 = max(SM2 − ET, ε)
        T gSm2 = gSm3Raw;
        T gEt = gf.Et - gSm3Raw;
        MinAdjoint(x.Sm2, x.Pot, gEt, out T dSm2, out T gPot);          // ET = min(SM2, PET·ef)
        gSm2 += dSm2;
        gPet += gPot * x.Ef;
        T gEf = gf.EvapFactor + gPot * pet;
        T gEfRaw = x.EfRaw >= T.Zero && x.EfRaw <= T.One ? gEf : T.Zero;  // ef = clamp(efRaw, 0, 1)
        T gRatio2;
        if (betaEt)
        {
            gRatio2 = gEfRaw * p.BetaEt * x.EfRaw / x.Ratio2;                // d/dx x^γ = γ·x^γ/x (x > 0)
            gp.BetaEt += gEfRaw * x.EfRaw * T.Log(x.Ratio2);                 // d/dγ x^γ
        }
        else gRatio2 = gEfRaw;
        T lpFc = p.Lp * p.Fc;
        gSm2 += gRatio2 / lpFc;                                          // ratio2 = SM2/(LP·FC)
        gp.Lp -= gRatio2 * x.Sm2 / (lpFc * p.Lp);
        gp.Fc -= gRatio2 * x.Sm2 / (lpFc * p.Fc);
        T gSm1 = gSm2;                                                   // SM2 = SM1 − ex
        gEx -= gSm2;
        T gE = x.E >= T.Zero ? gEx : T.Zero;                            // ex = max(E, 0)
        gSm1 += gE;                                                      // E = SM1 − FC
        gp.Fc -= gE;
        T gSm0 = gSm1;                                                   // SM1 = SM + inflow − rech
        T gInflow = gSm1;
        gRech -= gSm1;
        gInflow += gRech * x.W;                                          // rech = inflow·w
        T gW = gRech * x.Inflow;
        T gWRaw = x.WRaw >= T.Zero && x.WRaw <= T.One ? gW : T.Zero;     // w = clamp(wRaw, 0, 1)
        T gRatio = gWRaw * p.Beta * x.WRaw / x.Ratio;                     // SM ≥ ε keeps the ratio > 0
        gp.Beta += gWRaw * x.WRaw * T.Log(x.Ratio);
        gSm0 += gRatio / p.Fc;                                           // ratio = SM/FC
        gp.Fc -= gRatio * s0.Sm / (p.Fc * p.Fc);
        T gRain = gInflow;                                               // inflow = rain + tosoil
        T gToSoil = gf.ToSoil + gInflow;

        // --- Snow, in reverse.
        T gMw2 = lambda.Mw;                                              // MW3 = MW2 − tosoil
        gToSoil -= lambda.Mw;
        T gD = x.D >= T.Zero ? gToSoil : T.Zero;                        // tosoil = max(D, 0)
        gMw2 += gD;                                                      // D = MW2 − CWH·SP3
        gp.Cwh -= gD * x.Sp3;
        T gSp3 = lambda.Sp + gf.Swe - gD * p.Cwh;
        T gMw1 = gMw2;                                                   // MW2 = MW1 − refr
        T gRefr = gSp3 - gMw2;                                           // SP3 = SP2 + refr
        T gSp2 = gSp3;
        MinAdjoint(Relu(x.R), x.Mw1, gRefr, out T gRPos, out T dMw1);    // refr = min(max(R,0), MW1)
        gMw1 += dMw1;
        T gR = x.R >= T.Zero ? gRPos : T.Zero;
        T tDiff = p.Tt - temp;                                           // R = CFR·CFMAX·(TT − T)
        gp.Cfr += gR * p.Cfmax * tDiff;
        gp.Cfmax += gR * p.Cfr * tDiff;
        gp.Tt += gR * p.Cfr * p.Cfmax;
        gTemp -= gR * p.Cfr * p.Cfmax;
        T gSp1 = gSp2;                                                   // SP2 = SP1 − melt
        T gMw0 = gMw1;                                                   // MW1 = MW + melt
        T gMelt = gMw1 - gSp2;
        MinAdjoint(Relu(x.A), x.Sp1, gMelt, out T gAPos, out T dSp1);   // melt = min(max(A,0), SP1)
        gSp1 += dSp1;
        T gA = x.A >= T.Zero ? gAPos : T.Zero;
        gp.Cfmax += gA * (temp - p.Tt);                                  // A = CFMAX·(T − TT)
        gTemp += gA * p.Cfmax;
        gp.Tt -= gA * p.Cfmax;
        T gSp0 = gSp1;                                                   // SP1 = SP + snow
        gPrcp += x.IsRain ? gRain : gSp1;                                // rain/snow split: no gradient to TT

        lambda.Sp = gSp0;
        lambda.Mw = gMw0;
        lambda.Sm = gSm0;
        lambda.Suz = gSuz0;
        lambda.Slz = gSlz0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static T Relu(T x) => T.Max(x, T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static T Clamp01(T x) => T.Min(T.Max(x, T.Zero), T.One);

    /// <summary>Adjoint of <c>min(a, b)</c>: the gradient goes to the smaller, half each on a tie (libtorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MinAdjoint(T a, T b, T g, out T ga, out T gb)
    {
        if (a < b) { ga = g; gb = T.Zero; }
        else if (b < a) { ga = T.Zero; gb = g; }
        else { ga = g * Half; gb = ga; }
    }
}
