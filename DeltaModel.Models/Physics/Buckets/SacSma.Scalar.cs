using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Physics.Buckets;

public sealed partial class SacSma
{
    protected override (TorchSharp.torch.Tensor Records, TorchSharp.torch.Tensor Final) RunFused(PhysicsRun run) =>
        RunFusedDays(run, new ScalarStep(Options.NearZero));

    /// <summary>
    /// SAC-SMA + Snow-17 declared once for one (basin, component) (<see cref="IScalarStep"/>), from which the fused
    /// backend derives its forward and exact backward: the equations of the tensor <see cref="Prepare"/> and
    /// <c>Step</c>
    /// in their order (read those for the physics), the capacities derived every day.
    /// </summary>
    /// <param name="NearZero">ε floor of the soil stores [mm].</param>
    internal readonly record struct ScalarStep(double NearZero) : IScalarStep
    {
        public int Parameters => ParameterTable.Count;
        public int Forcings => 3;
        public int Stores => StoreNames.Count;
        public int Fluxes => Booked.Count + FluxNames.Count;

        public void Step<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> f, ReadOnlySpan<T> s, Span<T> next, Span<T> q) where T : unmanaged, IScalar<T>
        {
            const int o = Snow17.Count;
            T prcp = f[0], temp = f[1], pet = f[2];
            T pctim = p[o], smax = p[o + 1], f1 = p[o + 2], f2 = p[o + 3], kuz = p[o + 4], rexp = p[o + 5], f3 = p[o + 6], f4 = p[o + 7],
              pfree = p[o + 8], klzp = p[o + 9], klzs = p[o + 10];

            // Capacities and percolation constants (Prepare).
            var uztwm = f1 * smax;
            var uzfwm = T.ClampMin(f2 * (smax - uztwm), MinCapacity);
            var lztwm = T.ClampMin(f3 * (smax - uztwm - uzfwm), MinCapacity);
            var rest = smax - uztwm - uzfwm - lztwm;
            var lzfpm = T.ClampMin(f4 * rest, MinCapacity);
            var lzfsm = T.ClampMin((1.0 - f4) * rest, MinCapacity);
            var pbase = lzfpm * klzp + lzfsm * klzs;
            var zperc = T.ClampMax((lztwm + lzfsm * (1.0 - klzs) + lzfpm * (1.0 - klzp)) / T.ClampMin(pbase, Tiny), 1e5);

            var snow = Snow17.Step(p, prcp, temp, s[5], s[6], s[7], s[8]);
            var gain = T.Constant(0);
            double eps = NearZero;
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            T Floor(T store, ref T gain)
            {
                var floored = T.ClampMin(store, eps);
                gain += floored - store;
                return floored;
            }
            var raim = snow.Outflow;

            var qdir = pctim * raim;
            var peff = raim - qdir;

            var uztw1 = s[0] + peff;
            var twexu = T.ClampMin(uztw1 - uztwm, 0);
            var uztw2 = uztw1 - twexu;
            var uzfw1 = s[1] + twexu;
            var qsur = T.ClampMin(uzfw1 - uzfwm, 0);
            var uzfw2 = uzfw1 - qsur;

            var euztw = T.Min(pet * uztw2 / uztwm, uztw2);
            var uztw3 = Floor(uztw2 - euztw, ref gain);
            var residual = T.ClampMin(pet - euztw, 0);
            var euzfw = T.Min(residual, uzfw2);
            var uzfw3 = Floor(uzfw2 - euzfw, ref gain);
            var elztw = T.Min(T.ClampMin(residual - euzfw, 0) * s[2] / lztwm, s[2]);
            var lztw1 = Floor(s[2] - elztw, ref gain);

            var ru = T.ClampMin((uzfw3 * uztwm - uztw3 * uzfwm) / (uztwm + uzfwm), 0);
            var uztw = uztw3 + ru;
            var uzfw4 = uzfw3 - ru;

            var qint = kuz * uzfw4;
            var uzfw5 = uzfw4 - qint;

            var d3 = T.ClampMin(lztwm - lztw1, 0);
            var d4 = T.ClampMin(lzfpm - s[3], 0);
            var d5 = T.ClampMin(lzfsm - s[4], 0);
            var freeDeficit = d4 + d5;
            var deficit = d3 + freeDeficit;
            var defr = T.Clamp(deficit / (lztwm + lzfpm + lzfsm), Tiny, 1);
            var demand = pbase * (zperc * T.Pow(defr, rexp + 1.0) + 1.0) * uzfw5 / uzfwm;
            var pc = T.Min(T.Min(demand, uzfw5), deficit);
            var uzfw = Floor(uzfw5 - pc, ref gain);

            var toFree = T.Min(pfree * pc, freeDeficit);
            var toPrimary = toFree * (d4 + Tiny) / (freeDeficit + 2 * Tiny);
            var lzfp1 = s[3] + toPrimary;
            var lzfs1 = s[4] + (toFree - toPrimary);
            var lztw2 = lztw1 + (pc - toFree);
            var twexl = T.ClampMin(lztw2 - lztwm, 0);
            var lztw3 = lztw2 - twexl;
            var d4b = T.ClampMin(lzfpm - lzfp1, 0);
            var d5b = T.ClampMin(lzfsm - lzfs1, 0);
            var spillPrimary = twexl * (d4b + Tiny) / (d4b + d5b + 2 * Tiny);
            var lzfp2 = lzfp1 + spillPrimary;
            var lzfs2 = lzfs1 + (twexl - spillPrimary);

            var free = lzfp2 + lzfs2;
            var freeMax = lzfpm + lzfsm;
            var rl = T.ClampMin((lztwm * free - lztw3 * freeMax) / (lztwm + freeMax), 0);
            var rlp = rl * lzfp2 / T.ClampMin(free, Tiny);
            var lztw = lztw3 + rl;
            var lzfp3 = lzfp2 - rlp;
            var lzfs3 = lzfs2 - (rl - rlp);

            var qbfp = klzp * lzfp3;
            var qbfs = klzs * lzfs3;
            var lzfp = Floor(lzfp3 - qbfp, ref gain);
            var lzfs = Floor(lzfs3 - qbfs, ref gain);

            (next[0], next[1], next[2], next[3], next[4]) = (uztw, uzfw, lztw, lzfp, lzfs);
            (next[5], next[6], next[7], next[8]) = (snow.Ice, snow.Liquid, snow.Deficit, snow.Ati);
            (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]) =
                (qdir + qsur, qint, qbfp + qbfs, euztw + euzfw + elztw, snow.Ice + snow.Liquid, snow.Rain + snow.Snowfall, T.Constant(0), gain);
            (q[8], q[9], q[10], q[11], q[12], q[13], q[14]) = (snow.Rain, snow.Snowfall, snow.Melt, raim, qdir, qsur, twexu);
            (q[15], q[16], q[17], q[18], q[19], q[20]) = (euztw, euzfw, elztw, pc, qbfp, qbfs);
        }
    }
}
