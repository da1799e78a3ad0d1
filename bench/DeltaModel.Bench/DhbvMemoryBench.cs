using DeltaModel.Core.Tensors;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// Peak resident memory of the δHBV 1.0 training minibatch (fused backend; 100 basins × 730 days, nmul 16, LSTM 256),
/// measured in a process that runs nothing else, with the peak reset before each phase (Linux <c>clear_refs</c>).
/// The LSTM-only minibatch (same network, 210 outputs) is measured the same way for comparison.
/// </summary>
internal static class DhbvMemoryBench
{
    public static void Run()
    {
        Denormals.Flush(true);
        Console.WriteLine($"start: resident {MemoryStatus.ResidentGb:F2} GB");
        // One setting of model.nn.recompute_segments per process (DELTAMODEL_BENCH_RECOMPUTE_SEGMENTS): the heap keeps
        // what an earlier model freed (HeapTuning), which a second model's peak would count.
        int segments = DhbvBench.RecomputeSegments;
        using (var model = DhbvBench.Create("fused"))
        using (var batch = DhbvBench.Batch(100, 730, seed: 5))
        {
            model.Module.train();
            using var optimizer = optim.Adadelta(model.Module.parameters(), lr: 1.0);
            using var generator = new Generator(7);
            Console.WriteLine($"model + batch: resident {MemoryStatus.ResidentGb:F2} GB (recompute segments {segments})");
            Minibatches(model, batch, optimizer, generator, "float32", 4);
            using (model.UseTrainingPrecision(ScalarType.BFloat16))
                Minibatches(model, batch, optimizer, generator, "bfloat16", 3);
        }
        LstmOnly(generator: new Generator(7));
    }

    /// <summary>Peak memory of <paramref name="count"/> training minibatches with the network in <paramref name="precision"/>.</summary>
    static void Minibatches(Models.Composition.HybridModel model, Core.Sampling.ModelBatch batch, optim.Optimizer optimizer, Generator generator,
        string precision, int count)
    {
        for (int step = 0; step < count; step++)
        {
            MemoryStatus.ResetPeak();
            double forward, peak;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                optimizer.zero_grad();
                using (model.BeginTrainingStep(generator))
                {
                    var q = model.Forward(batch).Series["streamflow"];
                    var loss = (q - batch.Target[365..]).pow(2).mean();
                    forward = MemoryStatus.ResidentGb;
                    loss.backward();
                }
                optimizer.step();
                peak = MemoryStatus.PeakGb;
            }
            Console.WriteLine($"δHBV minibatch {step} ({precision}): resident after forward {forward:F2} GB, peak {peak:F2} GB, after step {MemoryStatus.ResidentGb:F2} GB, " +
                              $".NET heap {GC.GetTotalMemory(false) / 1e9:F2} GB, {clock.Elapsed.TotalSeconds:F2} s");
        }
    }

    static void LstmOnly(Generator generator)
    {
        MemoryStatus.ResetPeak();
        manual_seed(1);
        using var net = new Models.Neural.LstmNetwork(38, 256, 210, dropConnect: 0.5);
        net.train();
        using var lstmOptimizer = optim.Adadelta(net.parameters(), lr: 1.0);
        var x = randn(730, 100, 38);
        for (int step = 0; step < 3; step++)
        {
            MemoryStatus.ResetPeak();
            using var scope = NewDisposeScope();
            lstmOptimizer.zero_grad();
            using (net.BeginDropConnect(generator))
                (sigmoid(net.Forward(x, 365)[365..]) - 0.3).pow(2).mean().backward();
            lstmOptimizer.step();
            Console.WriteLine($"LSTM-only minibatch {step}: peak {MemoryStatus.PeakGb:F2} GB");
        }
    }
}
