using System.Diagnostics;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Tensors;
using DeltaModel.Models;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// The whole δHBV 1.0 model at δMG's default minibatch size (issue 3's speed figures): 100 basins × (365 warm-up + 365)
/// days, nmul 16, dynamic [parBETA, parBETAET], LSTM hidden 256, 38 inputs — forward, backward and Adadelta step,
/// with the HBV physics part (forward + backward) and the LSTM-only minibatch timed separately, peak memory, and
/// forward simulation throughput (basin-days per second, chunks of 25 basins).
/// </summary>
internal static class DhbvBench
{
    const int Basins = 100, WarmUp = 365, Rho = 365, Days = WarmUp + Rho, Forcings = 3, Attributes = 35;

    static readonly InputSpec Spec = new(
        ["prcp", "tmean", "pet"], Enumerable.Range(0, Attributes).Select(i => $"a{i}").ToList(), ["prcp"], ["prcp", "tmean", "pet"], [], "streamflow");

    public static void Run()
    {
        foreach (bool flush in new[] { false, true })
        {
            Denormals.Flush(flush);
            foreach (var backend in new[] { "fused", "tensor" })
            {
                using var model = Create(backend);
                using var batch = Batch(Basins, Days, seed: 5);
                double whole = Minibatch(model, batch);
                Console.WriteLine($"flush denormals {(flush ? "on " : "off")}  backend {backend,-6}: whole minibatch {whole * 1000,7:F0} ms, " +
                                  $"of which physics fwd+bwd {PhysicsOnly(model, batch) * 1000,6:F0} ms");
            }
            Console.WriteLine($"flush denormals {(flush ? "on " : "off")}  LSTM-only minibatch (same network, 210 outputs): {LstmOnly() * 1000,7:F0} ms");
        }
        Denormals.Flush(true);
        Console.WriteLine($"peak resident memory so far: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GB");
        Simulation(basins: 531, scored: 3652, chunk: 25, "float32");
    }

    /// <summary>
    /// The figures of issues 3 and 15 for the fused backend only (denormals flushed): whole δHBV minibatch with the
    /// network in float32 and in mixed bfloat16 (train.network_precision), its physics part, the LSTM-only minibatch;
    /// medians of wall and CPU time, interleaved so that load changes hit all of them.
    /// </summary>
    public static void RunQuick()
    {
        Denormals.Flush(true);
        using var model = Create("fused");
        using var model11p = Create("fused", Hbv11p);
        using var batch = Batch(Basins, Days, seed: 5);
        var whole = new List<(double Wall, double Cpu)>();
        var mixed = new List<(double Wall, double Cpu)>();
        var whole11p = new List<(double Wall, double Cpu)>();
        var mixed11p = new List<(double Wall, double Cpu)>();
        var physics = new List<(double Wall, double Cpu)>();
        var physics11p = new List<(double Wall, double Cpu)>();
        var lstm = new List<(double Wall, double Cpu)>();
        for (int round = 0; round < 3; round++)
        {
            whole.Add(MinibatchTimes(model, batch));
            using (model.UseTrainingPrecision(ScalarType.BFloat16)) mixed.Add(MinibatchTimes(model, batch));
            whole11p.Add(MinibatchTimes(model11p, batch));
            using (model11p.UseTrainingPrecision(ScalarType.BFloat16)) mixed11p.Add(MinibatchTimes(model11p, batch));
            physics.Add(PhysicsOnlyTimes(model, batch));
            physics11p.Add(PhysicsOnlyTimes(model11p, batch));
            lstm.Add(LstmOnlyTimes());
        }
        static double Mid(IEnumerable<double> v) => v.Order().ElementAt(v.Count() / 2);
        static string Median(List<(double Wall, double Cpu)> v) =>
            $"{Mid(v.Select(x => x.Wall)) * 1000,6:F0} ms wall, {Mid(v.Select(x => x.Cpu)) * 1000,6:F0} ms CPU";
        if (RecomputeSegments > 1) Console.WriteLine($"(the LSTM's activations recomputed in {RecomputeSegments} segments: model.nn.recompute_segments)");
        Console.WriteLine($"whole δHBV minibatch (fused, float32):  {Median(whole)}");
        Console.WriteLine($"whole δHBV minibatch (fused, bfloat16): {Median(mixed)}   (mixed precision; native bfloat16 on this CPU: {(NativeBFloat16.OnThisCpu ? "yes" : "no")})");
        Console.WriteLine($"  of which HBV physics fwd+bwd:       {Median(physics)}   (mapping, spin-up, scored run, routing)");
        Console.WriteLine($"whole δHBV 1.1p minibatch (fused, float32):  {Median(whole11p)}   (dynamic parBETA, parK0, parBETAET; all {Days} days with gradient)");
        Console.WriteLine($"whole δHBV 1.1p minibatch (fused, bfloat16): {Median(mixed11p)}");
        Console.WriteLine($"  of which HBV 1.1p physics fwd+bwd:  {Median(physics11p)}   (mapping, {Days} days with gradient, routing)");
        Console.WriteLine($"LSTM-only minibatch (210 outputs):    {Median(lstm)}");
        Console.WriteLine($"ratio δHBV / LSTM-only: ×{Mid(whole.Select(x => x.Wall)) / Mid(lstm.Select(x => x.Wall)):F2} wall, " +
                          $"×{Mid(whole.Select(x => x.Cpu)) / Mid(lstm.Select(x => x.Cpu)):F2} CPU (target ≤ 1.3)");
        // The simulation row of the same table, shortened to 100 basins so the whole table stays one quick command
        // (`simulate` measures the 531-basin figure).
        foreach (var precision in new[] { "float32", "bfloat16" })
            Simulation(basins: 100, scored: 3652, chunk: 25, precision);
    }

    /// <summary>One training minibatch of <paramref name="model"/> (forward, MSE on the scored days, backward, Adadelta
    /// step): medians of wall and CPU time. Shared by the zoo bench, so every model is timed by the same step.</summary>
    internal static (double Wall, double Cpu) MinibatchTimes(HybridModel model, ModelBatch batch, int warmup = 1, int repeats = 3)
    {
        model.Module.train();
        using var optimizer = optim.Adadelta(model.Module.parameters(), lr: 1.0);
        using var generator = new Generator(7);
        return Program.MedianWallAndCpu(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using (model.BeginTrainingStep(generator))
            {
                var q = model.Forward(batch).Series["streamflow"];
                (q - batch.Target[WarmUp..]).pow(2).mean().backward();
            }
            optimizer.step();
        }, warmup, repeats);
    }

    internal static (double Wall, double Cpu) PhysicsOnlyTimes(HybridModel model, ModelBatch batch)
    {
        var mapper = new ParameterMapper(model.Physics);
        var runner = new WarmUpRunner(model.Physics, mapper, WarmUp);
        using var raw = (randn(Days, Basins, mapper.Width) * 0.5).requires_grad_();
        return Program.MedianWallAndCpu(() =>
        {
            using var scope = NewDisposeScope();
            raw.grad?.zero_();
            runner.Run(batch.PhysicsForcings, raw).Result.Series["streamflow"].sum().backward();
        }, warmup: 1, repeats: 5);
    }

    internal static (double Wall, double Cpu) LstmOnlyTimes()
    {
        manual_seed(1);
        using var net = new Models.Neural.LstmNetwork(Forcings + Attributes, 256, 210, dropConnect: 0.5);
        net.train();
        using var optimizer = optim.Adadelta(net.parameters(), lr: 1.0);
        using var x = randn(Days, Basins, Forcings + Attributes);
        using var gen = new Generator(3);
        return Program.MedianWallAndCpu(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using (net.BeginDropConnect(gen))
                (sigmoid(net.Forward(x, WarmUp)[WarmUp..]) - 0.3).pow(2).mean().backward();
            optimizer.step();
        }, warmup: 1, repeats: 3);
    }

    internal static HybridModel Create(string backend) => Create(backend, Hbv10);

    /// <summary>δHBV 1.0 as the standard minibatch: dynamic parBETA and parBETAET, spin-up without gradient.</summary>
    internal static readonly PhysicsSetup Hbv10 = new("hbv", ["parBETA", "parBETAET"]);

    /// <summary>
    /// δHBV 1.1p in the Python original's setup: dynamic parBETA, parK0, parBETAET, and the warm-up run with gradient
    /// (cropped from the loss), so all 730 days carry a gradient — the shape of its 10.5 s minibatch.
    /// </summary>
    internal static readonly PhysicsSetup Hbv11p = new("hbv_1_1p", ["parBETA", "parK0", "parBETAET"]);

    internal sealed record PhysicsSetup(string Name, string[] DynamicParameters);

    /// <summary>
    /// <c>model.nn.recompute_segments</c> of every δHBV model these benches build: 1 (libtorch keeps the LSTM's
    /// activations), or N from <c>DELTAMODEL_BENCH_RECOMPUTE_SEGMENTS</c> to measure the recomputed backward.
    /// </summary>
    internal static int RecomputeSegments => int.Parse(Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_RECOMPUTE_SEGMENTS") ?? "1");

    internal static HybridModel Create(string backend, PhysicsSetup setup)
    {
        manual_seed(1);
        var physics = ModelRegistry.CreatePhysics(setup.Name, new PhysicsOptions
        {
            Components = 16, DynamicParameters = setup.DynamicParameters, Backend = backend,
        });
        return new HybridModel(new NeuralNetworkConfig { HiddenSize = 256, Dropout = 0.5, RecomputeSegments = RecomputeSegments }, physics, Spec, WarmUp);
    }

    internal static ModelBatch Batch(int basins, int days, int seed)
    {
        var g = new Generator((ulong)seed);
        var physicsForcings = PhysicsForcings(basins, days, g);
        return new ModelBatch
        {
            NetworkForcings = randn(new long[] { days, basins, Forcings }, generator: g),
            NetworkAttributes = randn(new long[] { basins, Attributes }, generator: g),
            PhysicsForcings = physicsForcings,
            PhysicsAttributes = zeros(basins, 0),
            Target = rand(new long[] { days, basins }, generator: g) * 5,
            Basins = Enumerable.Range(0, basins).ToArray(),
            Starts = new int[basins],
        };
    }

    /// <summary>Synthetic prcp (rain on ~40 % of days, up to 10 mm/d), tmean (−5…20 °C), pet (0…4 mm/d): <c>[days, basins, 3]</c>.</summary>
    internal static Tensor PhysicsForcings(int basins, int days, Generator g)
    {
        var prcp = (rand(new long[] { days, basins, 1 }, generator: g) * 10).where(rand(new long[] { days, basins, 1 }, generator: g) < 0.4, 0f);
        var tmean = rand(new long[] { days, basins, 1 }, generator: g) * 25 - 5;
        var pet = rand(new long[] { days, basins, 1 }, generator: g) * 4;
        return cat([prcp, tmean, pet], 2);
    }

    static double Minibatch(HybridModel model, ModelBatch batch) => MinibatchTimes(model, batch).Wall;

    /// <summary>The physics alone on fixed network outputs: mapping, spin-up, scored run, routing; forward + backward.</summary>
    static double PhysicsOnly(HybridModel model, ModelBatch batch) => PhysicsOnlyTimes(model, batch).Wall;

    static double LstmOnly() => LstmOnlyTimes().Wall;

    /// <summary>
    /// Forward simulation throughput for chunk sizes from <c>DELTAMODEL_BENCH_SIM_CHUNKS</c> (default 25, δMG's), with
    /// the FLOP rate of the network it implies: LSTM 256 → 4·256 gates from 256 inputs and 256 hidden (2·2·1024·256), input
    /// layer 38 → 256, output layer 256 → 210: ≈ 1.18 MFLOP per basin-day; the physics adds ≈ 0.01 % of that.
    /// </summary>
    public static void RunSimulation()
    {
        Denormals.Flush(true);
        var chunks = (Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_SIM_CHUNKS") ?? "25").Split(',').Select(int.Parse);
        var precisions = (Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_SIM_PRECISION") ?? "float32,bfloat16").Split(',');
        foreach (var chunk in chunks)
            foreach (var precision in precisions)
                Simulation(basins: 531, scored: 3652, chunk: chunk, precision);
        PrecisionEffect(chunk: 25);
    }

    /// <summary>How far a bfloat16 network moves the simulated streamflow of one chunk from the float32 one.</summary>
    static void PrecisionEffect(int chunk)
    {
        using var model = Create("auto");
        model.Module.eval();
        using var noGrad = no_grad();
        using var one = Batch(chunk, WarmUp + 3652, seed: 9);
        using var q32 = model.Forward(one).Series["streamflow"];
        Tensor q16;
        using (model.UseNetworkPrecision(ScalarType.BFloat16)) q16 = model.Forward(one).Series["streamflow"];
        using var diff = (q16 - q32).abs();
        using var totals = q16.sum(0L) / q32.sum(0L) - 1;
        Console.WriteLine($"bfloat16 vs float32 network, {chunk} basins × 3652 days: streamflow |Δ| mean {diff.mean().item<float>():E2} mm/d, " +
                          $"max {diff.max().item<float>():E2} mm/d (mean flow {q32.mean().item<float>():F3} mm/d); per-basin total volume within " +
                          $"{totals.abs().max().item<float>() * 100:F3} %");
        q16.Dispose();
    }

    /// <summary>Forward simulation as the trainer's evaluation runs it: chunks of basins over the whole series, side by
    /// side on the cores (<see cref="ChunkWorkers"/>; <c>OMP_NUM_THREADS=1</c> measures one chunk at a time).</summary>
    static void Simulation(int basins, int scored, int chunk, string precision)
    {
        using var model = Create("auto");
        model.Module.eval();
        using var noGrad = no_grad();
        using var narrow = model.UseNetworkPrecision(Core.Training.Trainer.NetworkDType(precision));
        using var one = Batch(chunk, WarmUp + scored, seed: 9);
        model.Forward(one);                                   // warm caches
        var clock = Stopwatch.StartNew();
        int chunks = (basins + chunk - 1) / chunk;
        ChunkWorkers.Run(chunks, CPU, c =>
        {
            using var scope = NewDisposeScope();
            var q = model.Forward(one).Series["streamflow"];
            _ = q.sum().item<float>();
        });
        double seconds = clock.Elapsed.TotalSeconds;
        // The figure that counts is simulated (scored) basin-days of the 531 basins; the network also runs the warm-up
        // days and the padding of the last chunk, which is what the FLOP rate counts.
        double scoredBasinDays = (double)basins * scored;
        double computedBasinDays = (double)chunks * chunk * (WarmUp + scored);
        const double flopPerBasinDay = 2.0 * 2 * 1024 * 256 + 2.0 * 38 * 256 + 2.0 * 256 * 210;
        Console.WriteLine($"simulation {basins} basins × {scored} days (+ {WarmUp} warm-up) in {chunks} chunks of {chunk} (LSTM + HBV, nmul 16), network {precision}: {seconds:F1} s, " +
                          $"{scoredBasinDays / seconds:N0} simulated basin-days/s ({computedBasinDays / seconds:N0} computed incl. warm-up and padding " +
                          $"= {computedBasinDays / seconds * flopPerBasinDay / 1e9:F0} GFLOP/s in the network)");
    }
}
