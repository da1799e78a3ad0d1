using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// HBV-EDU declared once for one (basin, component) (<see cref="IScalarStep"/>), from which the fused backend derives
/// its forward and exact backward: the equations of the tensor <see cref="HbvEduEquations.Step"/> and
/// <see cref="HbvEduEquations.CorrectedPet"/> in their order (read those for the physics and the deviations).
/// Parameters, forcings, stores and the ten fluxes as <see cref="HbvEdu"/> declares and records them.
/// </summary>
/// <param name="PetCorrection">With HBV-EDU's temperature correction of PET (parameter C, forcing tmean_ltm).</param>
internal readonly record struct HbvEduStep(bool PetCorrection) : IScalarStep
{
    public int Parameters => PetCorrection ? 11 : 10;
    public int Forcings => PetCorrection ? 4 : 3;
    public int Stores => HbvEdu.StoreNames.Count;
    public int Fluxes => HbvEduEquations.FluxCount;

    public void Step<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> f, ReadOnlySpan<T> s, Span<T> next, Span<T> q) where T : unmanaged, IScalar<T>
    {
        T tt = p[0], dd = p[1], fc = p[2], beta = p[3], pwp = p[4], k0 = p[5], k1 = p[6], k2 = p[7], kp = p[8], l = p[9];
        T prcp = f[0], temp = f[1];
        var pet = PetCorrection ? T.Min(T.ClampMin((p[10] * (temp - f[3]) + 1.0) * f[2], 0), f[2] * 2.0) : f[2];

        var snowfall = T.Where(T.Less(temp, tt), prcp, T.Constant(0));                 // indicator: no gradient to T_t
        var rain = prcp - snowfall;
        var melt = T.Min(T.ClampMin(dd * (temp - tt), 0), s[0]);
        var snow = s[0] + snowfall - melt;
        var liquid = rain + melt;

        var share = T.ClampMax(T.Pow(s[1] / fc, beta), 1);
        var recharge = liquid * share;
        var soil1 = s[1] + liquid - recharge;
        var et = T.Min(pet * T.ClampMax(s[1] / pwp, 1), soil1);
        var soil = soil1 - et;

        var upperStart = s[2] + s[4];
        var q0 = k0 * T.ClampMin(upperStart - l, 0);
        var perc = kp * upperStart;
        var upper = s[2] + recharge - q0 - perc;
        var q1 = k1 * upper;
        var lower = s[3] + perc;
        var q2 = k2 * lower;

        (next[0], next[1], next[2], next[3], next[4]) = (snow, soil, upper - q1, lower - q2, q1);
        (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9]) = (q0, q1, q2, et, snow, recharge, liquid, perc, melt, pet);
    }
}
