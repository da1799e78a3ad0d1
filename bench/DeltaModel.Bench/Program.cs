using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DeltaModel.Bench;

/// <summary>Plain timed benchmarks. Prints the environment first, then one line per measurement.</summary>
public static class Program
{
    static readonly Dictionary<string, (string Description, Action Run)> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kernel"] = ("fused HBV kernel forward+backward, 100 basins × 730 days × 16 components (float32)", KernelBench.Run),
        ["physics"] = ("HBV 1.0/1.1p model API, tensor vs fused backend, forward+backward, 100 basins × 730 days × 16 components (float32)", PhysicsBench.Run),
        ["physics-parts"] = ("HBV physics part of a δHBV minibatch by piece: mapping, spin-up, scored run, backward (diagnostic)", PhysicsPartsBench.Run),
        ["simulate-parts"] = ("HBV physics part of one forward-simulation chunk (25 basins × 4017 days, no gradient) by piece (diagnostic)", PhysicsPartsBench.RunSimulationChunk),
        ["physics-large"] = ("HBV 1.0 fused forward+backward at 3000 basins × 1095 days × 16 components: time and peak resident memory", PhysicsLargeBench.Run),
        ["lstm-parts"] = ("LSTM timing by part (diagnostic)", LstmPartsBench.Run),
        ["dhbv"] = ("whole δHBV 1.0 minibatch (100 basins × 730 days, nmul 16, LSTM 256) and simulation throughput", DhbvBench.Run),
        ["dhbv-memory"] = ("peak resident memory of the δHBV 1.0 training minibatch (fused) and of the LSTM-only one, in a process of its own", DhbvMemoryBench.Run),
        ["dhbv-quick"] = ("δHBV 1.0 minibatch (network float32 and mixed bfloat16), its physics part and the LSTM-only minibatch, fused only, wall and CPU time", DhbvBench.RunQuick),
        ["zoo-quick"] = ("GR4J–CemaNeige, SAC-SMA, PRMS, HBV-EDU minibatch (fused declared step vs tensor path) against the LSTM-only minibatch, wall and CPU time (DELTAMODEL_BENCH_ZOO=names to pick)", ZooBench.RunQuick),
        ["zoo-physics"] = ("physics part alone of the zoo minibatch, forward without gradient and forward + backward, fused declared step (DELTAMODEL_BENCH_ZOO=names to pick; diagnostic)", ZooBench.RunPhysics),
        ["simulate"] = ("forward simulation throughput, 531 basins × (365 + 3652) days, LSTM + HBV, chunk sizes from DELTAMODEL_BENCH_SIM_CHUNKS (default 25)", DhbvBench.RunSimulation),
        ["gemm"] = ("float32 matrix product GFLOP/s at the LSTM shapes and a large square one, and nn.LSTM forward (diagnostic ceiling)", GemmBench.Run),
        ["lstm"] = ("LSTM forward+backward+Adadelta step, 100 basins × 730 days, 38 → 256 → 210", LstmBench.Run),
        ["bmi"] = ("deployed BMI (issue 18): library + weights size, initialize and one daily update per catchment (1 and 8 per instance), managed and NativeAOT (DELTAMODEL_BENCH_BMI_LIBRARY)", BmiBench.Run),
    };

    public static int Main(string[] args)
    {
        // Before the first tensor: huge pages for large tensors (docs/platform.md); DELTAMODEL_BENCH_NO_THP=1 measures without.
        bool thp = Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_NO_THP") != "1" && Core.Tensors.HugePages.EnableForLargeTensors();
        bool heap = Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_NO_HEAP_TUNING") != "1" && Core.Tensors.HeapTuning.KeepMidSizeBlocks();
        Console.WriteLine($"# {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, " +
                          $".NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, " +
                          $"huge pages for large tensors {(thp ? "on" : "off")}, heap keeps mid-size blocks {(heap ? "yes" : "no")}, OMP_WAIT_POLICY {Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
        var names = args.Length == 0 ? Benchmarks.Keys.ToArray() : args;
        foreach (var name in names)
        {
            if (!Benchmarks.TryGetValue(name, out var b))
            {
                Console.Error.WriteLine($"unknown benchmark '{name}'; available: {string.Join(", ", Benchmarks.Keys)}");
                return 2;
            }
            Console.WriteLine($"## {name}: {b.Description}");
            b.Run();
        }
        return 0;
    }

    /// <summary>Times <paramref name="action"/>: warm-up runs, then the median of <paramref name="repeats"/>.</summary>
    public static double MedianSeconds(Action action, int warmup = 2, int repeats = 5)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// Like <see cref="MedianSeconds"/>, also returning the median process CPU time (all threads) per run: on a loaded
    /// machine wall time mostly measures the neighbours; CPU time is what the run itself costs.
    /// </summary>
    public static (double Wall, double Cpu) MedianWallAndCpu(Action action, int warmup = 2, int repeats = 5)
    {
        for (int i = 0; i < warmup; i++) action();
        var process = Process.GetCurrentProcess();
        var wall = new List<double>();
        var cpu = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            wall.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - c0).TotalSeconds);
        }
        wall.Sort();
        cpu.Sort();
        return (wall[wall.Count / 2], cpu[cpu.Count / 2]);
    }
}
