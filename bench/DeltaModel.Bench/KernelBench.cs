using DeltaModel.Models.Physics.HbvFamily.Fused;

namespace DeltaModel.Bench;

/// <summary>The fused HBV kernel alone, on pinned arrays (no tensors).</summary>
internal static unsafe class KernelBench
{
    public static void Run()
    {
        const int T = 730, B = 100, C = 16;
        var r = new Random(1);
        float[] Pinned(long n, Func<long, double> f)
        {
            var a = GC.AllocateArray<float>((int)n, pinned: true);
            for (long i = 0; i < n; i++) a[i] = (float)f(i);
            return a;
        }
        var prcp = Pinned(T * B, _ => r.NextDouble() < 0.5 ? 0 : r.NextDouble() * 20);
        var temp = Pinned(T * B, i => 5 + 15 * Math.Sin(i / B / 58.0));
        var pet = Pinned(T * B, _ => 1 + 3 * r.NextDouble());
        var init = Pinned(5 * B * C, _ => 0.001);
        (double lo, double hi)[] bounds = [(1, 6), (50, 1000), (0.05, 0.9), (0.01, 0.5), (0.001, 0.2), (0.2, 1), (0, 10), (0, 100), (-2.5, 2.5), (0.5, 10), (0, 0.1), (0, 0.2), (0.3, 5)];
        bool[] dynamic = [true, false, false, false, false, false, false, false, false, false, false, false, true];
        var d = new HbvKernelData<float> { Days = T, Basins = B, Components = C, BetaEt = Environment.GetEnvironmentVariable("NOBETAET") is null, NearZero = 1e-5f };
        var fluxes = Pinned((long)HbvKernel<float>.Outputs * T * B, _ => 0);
        var final = Pinned(5 * B * C, _ => 0);
        var ckpt = Pinned((long)d.SegmentCount * 5 * B * C, _ => 0);
        var gradsIn = Pinned((long)HbvKernel<float>.Outputs * T * B, _ => r.NextDouble());
        var g = new HbvKernelGrads<float>();
        var keep = new List<float[]>();
        fixed (float* a = prcp, b = temp, c = pet, e = init, f = fluxes, h = final, k = ckpt, gi = gradsIn)
        {
            d.Prcp = a; d.Temp = b; d.Pet = c; d.InitialStores = e; d.Fluxes = f; d.FinalStores = h; d.Checkpoints = k;
            g.FluxGrads = gi;
        }
        for (int i = 0; i < 13; i++)
        {
            long n = dynamic[i] ? (long)T * B * C : B * C;
            var p = Pinned(n, _ => bounds[i].lo + r.NextDouble() * (bounds[i].hi - bounds[i].lo));
            var gp = Pinned(n, _ => 0);
            keep.Add(p); keep.Add(gp);
            fixed (float* pp = p, gpp = gp) { d.Params[i] = pp; g.GParams[i] = gpp; }
            d.ParamTimeStride[i] = dynamic[i] ? (long)B * C : 0;
        }
        var fwd = Program.MedianWallAndCpu(() => HbvKernel<float>.Forward(d), repeats: 7);
        var bwd = Program.MedianWallAndCpu(() => HbvKernel<float>.Backward(d, g), repeats: 7);
        Console.WriteLine($"forward  {fwd.Wall * 1000,8:F1} ms wall   {fwd.Cpu * 1000,8:F1} ms CPU (all threads)");
        Console.WriteLine($"backward {bwd.Wall * 1000,8:F1} ms wall   {bwd.Cpu * 1000,8:F1} ms CPU");
        Console.WriteLine($"total    {(fwd.Wall + bwd.Wall) * 1000,8:F1} ms wall   {(fwd.Cpu + bwd.Cpu) * 1000,8:F1} ms CPU   (kernel only, all 730 days with backward)");
        GC.KeepAlive(keep);
    }
}
