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
                var gen = new Generator(1);
                var prcp = rand(T, B, generator: gen).lt(0.5).to(ScalarType.Float32) * rand(T, B, generator: gen) * 20;
                var temp = 5 + 15 * sin(arange(T, dtype: ScalarType.Float32) / 58.0f).unsqueeze(1).expand(T, B);
                var pet = 1 + 3 * rand(T, B, generator: gen);
                var forcings = stack([prcp, temp, pet], 2);                                  // [T, B, 3]
                var leaves = model.Parameters.ToDictionary(p => p.Name, p =>
                {
                    var shape = model.DynamicParameters.Contains(p.Name) ? new[] { T, B, (long)C } : new[] { B, (long)C };
                    return (p.Lower + (0.1 + 0.8 * rand(shape, generator: gen)) * (p.Upper - p.Lower)).requires_grad_();
                });
                var routing = (rand(B, 2, generator: gen) * tensor(new[] { 2.9f, 6.5f })).requires_grad_();
                void Step()
                {
                    using var scope = NewDisposeScope();
                    var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C));
                    var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
                    r.Series["streamflow"].sum().backward();
                    foreach (var l in leaves.Values) l.grad?.zero_();
                }
                void Forward()
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C));
                    model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
                }
                double forward = Program.MedianSeconds(Forward, warmup: 1, repeats: 3);
                seconds[backend] = Program.MedianSeconds(Step, warmup: 1, repeats: 3);
                Console.WriteLine($"{name,-9} {backend,-6} forward (no tape) {forward * 1000,8:F0} ms   forward+backward {seconds[backend] * 1000,8:F0} ms");
            }
            Console.WriteLine($"{name,-9} fused speed-up ×{seconds["tensor"] / seconds["fused"]:F1}");
        }
    }
}
