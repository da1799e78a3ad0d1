using DeltaModel.Core.Tensors;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// What libtorch's float32 matrix product sustains on this machine, at the LSTM's shapes (rows = basins in a chunk,
/// 256 → 1024 gates) and at a large square size: the ceiling every network figure is measured against.
/// </summary>
internal static class GemmBench
{
    public static void Run()
    {
        Denormals.Flush(true);
        Console.WriteLine($"torch threads: {get_num_threads()}");
        foreach (var (m, k, n) in new[] { (25, 256, 1024), (100, 256, 1024), (531, 256, 1024), (4096, 256, 1024), (2048, 2048, 2048) })
            Report(m, k, n);
        foreach (var (m, k, n) in new[] { (25 * 4017, 256, 210), (25 * 4017, 38, 256) })
            ReportLinear(m, k, n);
        using (var net = new DeltaModel.Models.Neural.LstmNetwork(38, 256, 210, 0.5))
        {
            net.eval();
            using var xs = randn(4017, 25, 38);
            double s = Program.MedianSeconds(() => { using var scope = NewDisposeScope(); using var ng = no_grad(); net.forward(xs); }, 1, 3);
            Console.WriteLine($"LstmNetwork 38→256→210 forward, 4017 steps × 25: {s * 1000,7:F1} ms; ×{531 / 25.0:F2} chunks = {s * 531 / 25:F1} s");
        }
        foreach (var (dtype, label) in new[] { (ScalarType.Float32, ""), (ScalarType.BFloat16, " bf16") })
        {
            using var lstm = TorchSharp.torch.nn.LSTM(256, 256, dtype: dtype);
            lstm.eval();
            foreach (int batch in new[] { 25, 100 })
            {
                using var xb = randn(365, batch, 256, dtype: dtype);
                double s = Program.MedianSeconds(() => { using var scope = NewDisposeScope(); using var ng = no_grad(); lstm.forward(xb); });
                double flop = 365.0 * batch * 2 * 2 * 1024 * 256;
                Console.WriteLine($"nn.LSTM{label} 256→256 forward, 365 steps × {batch,3}: {s * 1000,7:F1} ms = {flop / s / 1e9,6:F0} GFLOP/s");
            }
        }
    }

    static void ReportLinear(int m, int k, int n)
    {
        using var x = randn(m, k);
        using var layer = TorchSharp.torch.nn.Linear(k, n);
        using var ng = no_grad();
        double s = Program.MedianSeconds(() => { using var y = layer.forward(x); });
        Console.WriteLine($"nn.Linear {k}→{n} on {m} rows: {s * 1e3,9:F1} ms = {2.0 * m * k * n / s / 1e9,6:F0} GFLOP/s");
    }

    static void Report(int m, int k, int n)
    {
        using var a = randn(m, k);
        using var b = randn(k, n);
        int reps = Math.Max(1, (int)(2e9 / (2.0 * m * k * n)));
        double s = Program.MedianSeconds(() => { for (int i = 0; i < reps; i++) { using var _ = matmul(a, b); } }) / reps;
        Console.WriteLine($"matmul [{m}×{k}]·[{k}×{n}]: {s * 1e6,9:F1} µs = {2.0 * m * k * n / s / 1e9,6:F0} GFLOP/s");
    }
}
