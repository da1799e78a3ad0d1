using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Physics.Buckets;

public sealed partial class Prms
{
    protected override (TorchSharp.torch.Tensor Records, TorchSharp.torch.Tensor Final) RunFused(PhysicsRun run) =>
        RunFusedDays(run, new ScalarStep(Options.NearZero));

    /// <summary>
    /// PRMS declared once for one (basin, component) (<see cref="IScalarStep"/>), from which the fused backend derives
    /// its forward and exact backward: the equations of the tensor <see cref="Prepare"/> and <c>Step</c> in their order
    /// (read those for the physics), the derived parameters computed every day.
    /// </summary>
    /// <param name="NearZero">ε floor of the soil and reservoir stores [mm].</param>
    internal readonly record struct ScalarStep(double NearZero) : IScalarStep
    {
        public int Parameters => ParameterTable.Count;
        public int Forcings => 3;
        public int Stores => StoreNames.Count;
        public int Fluxes => Booked.Count + FluxNames.Count;

        public void Step<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> f, ReadOnlySpan<T> s, Span<T> next, Span<T> q) where T : unmanaged, IScalar<T>
        {
            T prcp = f[0], temp = f[1], pet = f[2];
            T tt = p[0], ddf = p[1], alpha = p[2], beta = p[3], stor = p[4], retip = p[5], scx = p[7];
            T cgw = p[10], resmax = p[11], k1 = p[12], k2 = p[13], k3 = p[14], k4 = p[15], k5 = p[16], k6 = p[17];
            var scn = p[6] * p[7];
            var remx = (1.0 - p[8]) * p[9];
            var smax = p[8] * p[9];
            var gain = T.Constant(0);
            double eps = NearZero;
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            T Floor(T store, ref T gain)
            {
                var floored = T.ClampMin(store, eps);
                gain += floored - store;
                return floored;
            }

            var snowfall = T.Where(T.LessOrEqual(temp, tt), prcp, T.Constant(0));         // indicator: no gradient to tt
            var rain = prcp - snowfall;
            var snow1 = s[0] + snowfall;
            var melt = T.Min(T.ClampMin(ddf * (temp - tt), 0), snow1);
            var snow = snow1 - melt;

            var impervious = 1.0 - beta;
            var rainImpervious = impervious * rain;
            var rainPervious = beta * rain;
            var intercepted = alpha * rainPervious;
            var bypass = rainPervious - intercepted;

            var xin1 = s[1] + intercepted;
            var throughfall = T.ClampMin(xin1 - stor, 0);
            var xin2 = xin1 - throughfall;
            var ein = T.Min(beta * pet, xin2);
            var xin = xin2 - ein;

            var rstor1 = s[2] + rainImpervious + impervious * melt;
            var sas = T.ClampMin(rstor1 - retip, 0);
            var rstor2 = rstor1 - sas;
            var eim = T.Min(impervious * pet, rstor2);
            var rstor = rstor2 - eim;

            var toSoil = beta * melt + throughfall + bypass;
            var area = T.Clamp(scn + (scx - scn) * s[3] / remx, 0, 1);
            var sro = area * toSoil;
            var infiltration = toSoil - sro;

            var rechr1 = s[3] + infiltration;
            var perc = T.ClampMin(rechr1 - remx, 0);
            var rechr2 = rechr1 - perc;
            var demand = T.ClampMin(pet - ein - eim, 0);
            var ea = T.Min(rechr2 / remx * demand, rechr2);
            var rechr = Floor(rechr2 - ea, ref gain);

            var smav1 = s[4] + perc;
            var excess = T.ClampMin(smav1 - smax, 0);
            var smav2 = smav1 - excess;
            var lowerActive = T.Less(rechr2, demand);                                        // hard switch: no gradient
            var tr = T.Where(lowerActive, T.Any(lowerActive) ? T.Min(smav2 / smax * T.ClampMin(demand - ea, 0), smav2) : T.Constant(0), T.Constant(0));
            var smav = Floor(smav2 - tr, ref gain);

            var seep = T.Min(cgw, excess);
            var toRes = excess - seep;

            var res1 = s[5] + toRes;
            var gad = T.Min(k1 * T.Pow(T.ClampMin(res1 / resmax, 0), k2), res1);
            var res2 = res1 - gad;
            var ras = T.Min(k3 * res2 + k4 * res2 * res2, res2);
            var res = Floor(res2 - ras, ref gain);

            var recharge = gad + seep;
            var gw1 = s[6] + recharge;
            var bas = k5 * gw1;
            var gw2 = gw1 - bas;
            var snk = k6 * gw2;
            var gw = gw2 - snk;

            (next[0], next[1], next[2], next[3], next[4], next[5], next[6]) = (snow, xin, rstor, rechr, smav, res, gw);
            (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]) = (sas + sro, ras, bas, ein + eim + (ea + tr), snow, snowfall + rain, snk, gain);
            (q[8], q[9], q[10], q[11], q[12], q[13], q[14], q[15]) = (snowfall, melt, throughfall, sas, sro, infiltration, ein, eim);
            (q[16], q[17], q[18], q[19], q[20], q[21], q[22]) = (ea, tr, perc, excess, recharge, gad, snk);
        }
    }
}
