using DeltaModel.Models.Physics.HbvFamily.Fused;

namespace DeltaModel.Models.Tests.Physics.Fused;

/// <summary>The fused HBV kernel on its own: mass balance and its hand-written backward against finite differences.</summary>
public unsafe class HbvKernelTests
{
    // Bounds in HbvParams order (spec §2.2): BETA FC K0 K1 K2 LP PERC UZL TT CFMAX CFR CWH BETAET C, then HBV 2.0's
    // exchange potential LF [mm/d] (±RT; negative values often empty the lower zone, so the clamp is exercised).
    static readonly (double Lo, double Hi)[] Bounds =
    [
        (1, 6), (50, 1000), (0.05, 0.9), (0.01, 0.5), (0.001, 0.2), (0.2, 1), (0, 10), (0, 100),
        (-2.5, 2.5), (0.5, 10), (0, 0.1), (0, 0.2), (0.3, 5), (0, 1), (-6, 6),
    ];
    const int NP = 15;

    /// <summary>A small problem held in pinned managed arrays.</summary>
    sealed class Problem
    {
        public int T, B, C;
        public bool BetaEt, Capillary, Exchange;
        public double[] Prcp = [], Temp = [], Pet = [], Init = [];
        public double[][] Params = new double[NP][];
        public bool[] Dynamic = new bool[NP];

        public static Problem Random(int T, int B, int C, int seed, bool betaEt, bool capillary, params int[] dynamic) =>
            Random(T, B, C, seed, betaEt, capillary, exchange: false, dynamic);

        public static Problem Random(int T, int B, int C, int seed, bool betaEt, bool capillary, bool exchange, params int[] dynamic)
        {
            var r = new Random(seed);
            var p = new Problem { T = T, B = B, C = C, BetaEt = betaEt, Capillary = capillary, Exchange = exchange };
            p.Prcp = Pinned(T * B, i => r.NextDouble() < 0.55 ? 0 : Math.Pow(r.NextDouble(), 2) * 40);
            p.Temp = Pinned(T * B, i => 2 + 14 * Math.Sin(2 * Math.PI * (i / B) / 120.0) + 3 * (r.NextDouble() - 0.5));
            p.Pet = Pinned(T * B, i => 1 + 2 * r.NextDouble());
            p.Init = Pinned(5 * B * C, i => 0.001);
            for (int k = 0; k < NP; k++)
            {
                p.Dynamic[k] = dynamic.Contains(k);
                int n = p.Dynamic[k] ? T * B * C : B * C;
                // Stay away from the bounds so finite differences see smooth functions.
                p.Params[k] = Pinned(n, _ => Bounds[k].Lo + (0.1 + 0.8 * r.NextDouble()) * (Bounds[k].Hi - Bounds[k].Lo));
            }
            return p;
        }

        static double[] Pinned(int n, Func<int, double> f)
        {
            var a = GC.AllocateArray<double>(n, pinned: true);
            for (int i = 0; i < n; i++) a[i] = f(i);
            return a;
        }

        public (double[] Fluxes, double[] Final, HbvKernelData<double> Data, double[] Ckpt) Run()
        {
            var d = Data(out var fluxes, out var final, out var ckpt);
            HbvKernel<double>.Forward(d);
            return (fluxes, final, d, ckpt);
        }

        public HbvKernelData<double> Data(out double[] fluxes, out double[] final, out double[] ckpt)
        {
            fluxes = GC.AllocateArray<double>(HbvKernel<double>.Outputs * T * B, pinned: true);
            final = GC.AllocateArray<double>(5 * B * C, pinned: true);
            var d = new HbvKernelData<double> { Days = T, Basins = B, Components = C, BetaEt = BetaEt, Capillary = Capillary, Exchange = Exchange, NearZero = 1e-5 };
            ckpt = GC.AllocateArray<double>(d.SegmentCount * 5 * B * C, pinned: true);
            fixed (double* pr = Prcp, te = Temp, pe = Pet, ini = Init, fl = fluxes, fi = final, ck = ckpt)
            {
                d.Prcp = pr; d.Temp = te; d.Pet = pe; d.InitialStores = ini; d.Fluxes = fl; d.FinalStores = fi; d.Checkpoints = ck;
            }
            for (int k = 0; k < NP; k++)
            {
                if (k == 12 && !BetaEt || k == 13 && !Capillary || k == 14 && !Exchange) continue;
                fixed (double* pp = Params[k]) d.Params[k] = pp;
                d.ParamTimeStride[k] = Dynamic[k] ? (long)B * C : 0;
            }
            return d;
        }
    }

    static double Objective(double[] fluxes, double[] weights)
    {
        double s = 0;
        for (int i = 0; i < fluxes.Length; i++) s += fluxes[i] * weights[i];
        return s;
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, true, true)]
    public void Backward_MatchesCentralDifferences(bool betaEt, bool capillary, bool exchange)
    {
        var p = Problem.Random(T: 150, B: 2, C: 3, seed: 42, betaEt, capillary, exchange, dynamic: [0, 12, 14]);
        var (fluxes, _, data, _) = p.Run();
        var r = new Random(7);
        var weights = GC.AllocateArray<double>(fluxes.Length, pinned: true);
        for (int i = 0; i < weights.Length; i++) weights[i] = r.NextDouble();

        var grads = new HbvKernelGrads<double>();
        var gParams = new double[NP][];
        var gPrcp = GC.AllocateArray<double>(p.Prcp.Length, pinned: true);
        var gTemp = GC.AllocateArray<double>(p.Temp.Length, pinned: true);
        var gInit = GC.AllocateArray<double>(p.Init.Length, pinned: true);
        fixed (double* w = weights, gp = gPrcp, gt = gTemp, gi = gInit)
        {
            grads.FluxGrads = w; grads.GPrcp = gp; grads.GTemp = gt; grads.GInitialStores = gi;
        }
        for (int k = 0; k < NP; k++)
        {
            if (data.Params[k] == null) continue;
            gParams[k] = GC.AllocateArray<double>(p.Params[k].Length, pinned: true);
            fixed (double* g = gParams[k]) grads.GParams[k] = g;
        }
        HbvKernel<double>.Backward(data, grads);

        double Fd(double[] target, int index)
        {
            // Smaller steps drown in the rounding of the objective (a sum of thousands of fluxes).
            double h = 1e-5 * Math.Max(1, Math.Abs(target[index])), saved = target[index];
            target[index] = saved + h;
            double up = Objective(p.Run().Fluxes, weights);
            target[index] = saved - h;
            double down = Objective(p.Run().Fluxes, weights);
            target[index] = saved;
            return (up - down) / (2 * h);
        }

        void Check(string what, double[] target, double[] analytic, int index)
        {
            double fd = Fd(target, index), an = analytic[index];
            Assert.True(Math.Abs(fd - an) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{what}[{index}]: analytic {an}, finite difference {fd}");
        }

        for (int k = 0; k < NP; k++)
        {
            if (gParams[k] is null) continue;
            foreach (int i in new[] { 0, p.Params[k].Length / 2 + 1, p.Params[k].Length - 1 })
                Check($"param {k}", p.Params[k], gParams[k], i);
        }
        foreach (int i in new[] { 10, 101, 201, 250 }) Check("prcp", p.Prcp, gPrcp, i);
        foreach (int i in new[] { 11, 99, 180, 299 }) Check("temp", p.Temp, gTemp, i);
        for (int i = 0; i < p.Init.Length; i += 5) Check("initial stores", p.Init, gInit, i);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_ClosesTheWaterBudgetOfEveryBasin(bool exchange)
    {
        var p = Problem.Random(T: 1000, B: 3, C: 4, seed: 3, betaEt: true, capillary: true, exchange, dynamic: [0]);
        var (fluxes, final, _, _) = p.Run();
        int T = p.T, B = p.B, C = p.C;
        double At(int k, int t, int b) => fluxes[(long)k * T * B + (long)t * B + b];
        for (int b = 0; b < B; b++)
        {
            double inflow = 0, outflow = 0, storage0 = 0, storage1 = 0;
            for (int t = 0; t < T; t++)
            {
                inflow += p.Prcp[t * B + b];
                outflow += At(0, t, b) + At(1, t, b) + At(2, t, b) + At(3, t, b);   // Q0 + Q1 + Q2 + ET (means)
                inflow += At(11, t, b);                                             // water added by the ε floors
                inflow += At(12, t, b);                                             // lateral exchange actually applied (HBV 2.0)
            }
            for (int k = 0; k < 5; k++)
            for (int c = 0; c < C; c++)
            {
                storage0 += p.Init[k * B * C + b * C + c] / C;
                storage1 += final[k * B * C + b * C + c] / C;
            }
            Assert.True(Math.Abs(inflow - outflow - (storage1 - storage0)) < 1e-8, $"basin {b}: residual {inflow - outflow - (storage1 - storage0)}");
        }
    }

    [Fact]
    public void Forward_Float32_AgreesWithFloat64()
    {
        var p = Problem.Random(T: 400, B: 2, C: 2, seed: 5, betaEt: true, capillary: false, dynamic: [0]);
        var (f64, _, _, _) = p.Run();
        // Same problem in float32.
        float[] F(double[] a) { var r = GC.AllocateArray<float>(a.Length, pinned: true); for (int i = 0; i < a.Length; i++) r[i] = (float)a[i]; return r; }
        var prcp = F(p.Prcp); var temp = F(p.Temp); var pet = F(p.Pet); var init = F(p.Init);
        var ps = p.Params.Select(a => a is null ? null : F(a)).ToArray();
        var fl = GC.AllocateArray<float>(f64.Length, pinned: true);
        var fi = GC.AllocateArray<float>(p.Init.Length, pinned: true);
        var d = new HbvKernelData<float> { Days = p.T, Basins = p.B, Components = p.C, BetaEt = true, NearZero = 1e-5f };
        var ck = GC.AllocateArray<float>(d.SegmentCount * 5 * p.B * p.C, pinned: true);
        fixed (float* a = prcp, b = temp, c = pet, e = init, g = fl, h = fi, k = ck)
        {
            d.Prcp = a; d.Temp = b; d.Pet = c; d.InitialStores = e; d.Fluxes = g; d.FinalStores = h; d.Checkpoints = k;
        }
        for (int i = 0; i < 13; i++) { fixed (float* q = ps[i]) d.Params[i] = q; d.ParamTimeStride[i] = p.Dynamic[i] ? p.B * p.C : 0; }
        HbvKernel<float>.Forward(d);
        double max = f64.Max(Math.Abs);
        for (int i = 0; i < f64.Length; i++) Assert.True(Math.Abs(f64[i] - fl[i]) <= 1e-4 * max, $"flux {i}: {f64[i]} vs {fl[i]}");
    }
}
