using DeltaModel.Models;
using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// HBV 1.1p through the physics-model API, tensor vs fused backend: forward + backward of Σ streamflow w.r.t. all
/// parameters, 100 basins × 730 days × 16 components, float32, dynamic parBETA/parK0/parBETAET (the example config).
/// </summary>
internal static class PhysicsBench
{
    const long T = 730, B = 100;
    const int C = 16;

    public static void Run()
    {
        foreach (var name in new[] { "hbv", "hbv_1_1p" })
        {
            string[] dynamic = name == "hbv" ? ["parBETA", "parBETAET"] : ["parBETA", "parK0", "parBETAET"];
            var seconds = new Dictionary<string, double>();
            foreach (var backend in new[] { "tensor", "fused" })
            {
                var model = ModelRegistry.CreatePhysics(name, new PhysicsOptions { Components = C, Backend = backend, DynamicParameters = dynamic });
                var data = new PhysicsBenchInputs(model, T, B, new Generator(1));
                void Step()
                {
                    using var scope = NewDisposeScope();
                    var r = model.Run(data.Input());
                    r.Series["streamflow"].sum().backward();
                    foreach (var l in data.Leaves.Values) l.grad?.zero_();
                }
                void Forward()
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    model.Run(data.Input());
                }
                double forward = Program.MedianSeconds(Forward, warmup: 1, repeats: 3);
                seconds[backend] = Program.MedianSeconds(Step, warmup: 1, repeats: 3);
                Console.WriteLine($"{name,-9} {backend,-6} forward (no tape) {forward * 1000,8:F0} ms   forward+backward {seconds[backend] * 1000,8:F0} ms");
            }
            Console.WriteLine($"{name,-9} fused speed-up ×{seconds["tensor"] / seconds["fused"]:F1}");
        }
    }
}
