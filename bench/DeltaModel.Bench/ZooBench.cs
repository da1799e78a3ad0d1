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
/// The zoo models of issue 15 item 4 at δHBV's minibatch (100 basins × (365 spin-up + 365) days, nmul 16, LSTM 256,
/// 38 inputs, forward + backward + Adadelta step), each with its sample experiment's dynamic parameters and routing:
/// the whole minibatch on the generic fused backend (a declared step) and on the tensor path, the physics part alone,
/// against the LSTM-only minibatch of <c>dhbv-quick</c>. Medians of wall and CPU time; fused runs and the LSTM are
/// interleaved over three rounds so that load changes hit all of them; the tensor path, 10–20× slower, is timed once.
/// </summary>
internal static class ZooBench
{
    const int Basins = 100, WarmUp = 365, Days = WarmUp + 365, Forcings = 3, Attributes = 35;

    /// <summary>Registry name, dynamic parameters and routing, as in experiments/camels-sample-*/experiment.yaml.</summary>
    static readonly (string Name, string[] Dynamic, bool Routing)[] Models =
    [
        ("gr4j_cemaneige", ["x1", "x4"], false),
        ("sac_sma", ["mf"], true),
        ("prms", ["ddf"], true),
        ("hbv_edu", ["Beta"], true),
    ];

    public static void RunQuick()
    {
        Denormals.Flush(true);
        var only = Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_ZOO")?.Split(',');
        var models = Models.Where(m => only is null || only.Contains(m.Name)).ToArray();
        using var batch = DhbvBench.Batch(Basins, Days, seed: 5);
        var fused = models.ToDictionary(m => m.Name, m => Create(m, "fused"));
        var whole = models.ToDictionary(m => m.Name, _ => new List<(double Wall, double Cpu)>());
        var physics = models.ToDictionary(m => m.Name, _ => new List<(double Wall, double Cpu)>());
        var lstm = new List<(double Wall, double Cpu)>();
        for (int round = 0; round < 3; round++)
        {
            foreach (var m in models)
            {
                whole[m.Name].Add(DhbvBench.MinibatchTimes(fused[m.Name], batch, warmup: round == 0 ? 1 : 0, repeats: 1));
                physics[m.Name].Add(DhbvBench.PhysicsOnlyTimes(fused[m.Name], batch));
            }
            lstm.Add(DhbvBench.LstmOnlyTimes());
        }
        static double Mid(IEnumerable<double> v) => v.Order().ElementAt(v.Count() / 2);
        static string Median(List<(double Wall, double Cpu)> v) =>
            $"{Mid(v.Select(x => x.Wall)) * 1000,6:F0} ms wall, {Mid(v.Select(x => x.Cpu)) * 1000,6:F0} ms CPU";
        double lstmWall = Mid(lstm.Select(x => x.Wall)), lstmCpu = Mid(lstm.Select(x => x.Cpu));
        Console.WriteLine($"LSTM-only minibatch (210 outputs):        {Median(lstm)}");
        foreach (var m in models)
        {
            var w = whole[m.Name];
            Console.WriteLine($"{m.Name,-15} minibatch (fused):        {Median(w)}   ×{Mid(w.Select(x => x.Wall)) / lstmWall:F2} wall, " +
                              $"×{Mid(w.Select(x => x.Cpu)) / lstmCpu:F2} CPU of the LSTM-only (target ≤ 1.5)");
            Console.WriteLine($"{m.Name,-15}   of which physics fwd+bwd: {Median(physics[m.Name])}");
            fused[m.Name].Dispose();
        }
        if (Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_ZOO_TENSOR") == "0") return;
        foreach (var m in models)
        {
            using var model = Create(m, "tensor");
            var t = DhbvBench.MinibatchTimes(model, batch, warmup: 0, repeats: 1);
            Console.WriteLine($"{m.Name,-15} minibatch (tensor path): {t.Wall * 1000,6:F0} ms wall, {t.Cpu * 1000,6:F0} ms CPU   (one run)");
        }
    }

    /// <summary>
    /// The physics part alone for each model (mapping, spin-up, scored run, routing on fixed network outputs), forward
    /// without gradient and forward + backward, medians of five: the quick loop for work on the generic fused backend.
    /// </summary>
    public static void RunPhysics()
    {
        Denormals.Flush(true);
        var only = Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_ZOO")?.Split(',');
        using var batch = DhbvBench.Batch(Basins, Days, seed: 5);
        foreach (var m in Models.Where(m => only is null || only.Contains(m.Name)))
        {
            using var model = Create(m, "fused");
            var mapper = new ParameterMapper(model.Physics);
            var runner = new WarmUpRunner(model.Physics, mapper, WarmUp);
            using var raw = randn(Days, Basins, mapper.Width) * 0.5;
            var forward = Program.MedianWallAndCpu(() =>
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                runner.Run(batch.PhysicsForcings, raw).Result.Series["streamflow"].sum();
            }, warmup: 1, repeats: 5);
            var both = DhbvBench.PhysicsOnlyTimes(model, batch);
            Console.WriteLine($"{m.Name,-15} physics forward (no grad): {forward.Wall * 1000,6:F0} ms wall, {forward.Cpu * 1000,6:F0} ms CPU;   " +
                              $"forward + backward: {both.Wall * 1000,6:F0} ms wall, {both.Cpu * 1000,6:F0} ms CPU");
        }
    }

    static HybridModel Create((string Name, string[] Dynamic, bool Routing) m, string backend)
    {
        manual_seed(1);
        var physics = ModelRegistry.CreatePhysics(m.Name, new PhysicsOptions
        {
            Components = 16, DynamicParameters = m.Dynamic, Backend = backend, Routing = m.Routing,
        });
        var spec = new InputSpec(["prcp", "tmean", "pet"], Enumerable.Range(0, Attributes).Select(i => $"a{i}").ToList(), ["prcp"],
            physics.Declarations.Forcings, [], "streamflow");
        return new HybridModel(new NeuralNetworkConfig { HiddenSize = 256, Dropout = 0.5 }, physics, spec, WarmUp);
    }
}
