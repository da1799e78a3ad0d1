using System.Diagnostics;
using DeltaModel.Models;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// Diagnostic: the HBV physics part of a δHBV minibatch split into its pieces (100 basins × (365 + 365) days, nmul 16,
/// dynamic [parBETA, parBETAET], fused backend): mapping, spin-up, scored forward (incl. routing), backward.
/// </summary>
internal static class PhysicsPartsBench
{
    const int WarmUp = 365;

    public static void Run() => Run(basins: 100, days: 730, backward: true);

    /// <summary>One chunk of the forward simulation (25 basins × (365 + 3652) days, no gradient), by piece.</summary>
    public static void RunSimulationChunk() => Run(basins: 25, days: WarmUp + 3652, backward: false);

    static void Run(int basins, int days, bool backward)
    {
        var model = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = 16, DynamicParameters = ["parBETA", "parBETAET"], Backend = "fused" });
        var mapper = new ParameterMapper(model);
        var g = new Generator(5);
        var forcings = DhbvBench.PhysicsForcings(basins, days, g);                              // the δHBV minibatch's recipe
        var raw = (randn(new long[] { days, basins, mapper.Width }, generator: g) * 0.5).requires_grad_(backward);
        var parts = new[] { "map (spin-up)", "spin-up run", "map (scored)", "scored run", "backward", "total" };
        var times = parts.ToDictionary(p => p, _ => new List<double>());
        var cpu = parts.ToDictionary(p => p, _ => new List<double>());
        var process = System.Diagnostics.Process.GetCurrentProcess();
        double Cpu() { process.Refresh(); return process.TotalProcessorTime.TotalSeconds; }
        for (int rep = 0; rep < 8; rep++)
        {
            using var scope = NewDisposeScope();
            using var gradMode = backward ? null : no_grad();
            raw.grad?.zero_();
            var clock = Stopwatch.StartNew();
            double last = 0, cpu0 = Cpu(), lastCpu = cpu0;
            void Mark(string part)
            {
                double now = clock.Elapsed.TotalSeconds, nowCpu = Cpu();
                times[part].Add(now - last); cpu[part].Add(nowCpu - lastCpu);
                last = now; lastCpu = nowCpu;
            }
            PhysicsState warmEnd;
            using (no_grad())
            {
                var spin = mapper.Map(raw, 0, WarmUp, allStatic: true);
                Mark("map (spin-up)");
                var r = model.Run(new PhysicsInput { Forcings = forcings[..WarmUp], Parameters = spin.Physical, StatesOnly = true });
                warmEnd = new PhysicsState(r.FinalState.Stores.detach(), r.FinalState.RoutingHistory?.detach());
                Mark("spin-up run");
            }
            var run = mapper.Map(raw, WarmUp, days - WarmUp);
            Mark("map (scored)");
            var q = model.Run(new PhysicsInput { Forcings = forcings[WarmUp..], Parameters = run.Physical, Routing = run.Routing, InitialState = warmEnd }).Series["streamflow"];
            Mark("scored run");
            if (backward) q.sum().backward();
            Mark("backward");
            times["total"].Add(clock.Elapsed.TotalSeconds);
            cpu["total"].Add(Cpu() - cpu0);
        }
        foreach (var p in parts)
        {
            var t = times[p].Skip(2).Order().ToList();
            var c = cpu[p].Count > 0 ? cpu[p].Skip(2).Order().ToList() : [double.NaN];
            Console.WriteLine($"{p,-17} wall: median {t[t.Count / 2] * 1000,7:F1} ms, min {t[0] * 1000,7:F1}   CPU time: median {c[c.Count / 2] * 1000,7:F1} ms");
        }
    }
}
