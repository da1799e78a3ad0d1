using DeltaModel.Models;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Fused;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// HBV 1.0 through the physics-model API at a size the autograd tape cannot hold (≈ 230 bytes per element per day,
/// docs: ≈ 12 GB here): 3000 basins × 1095 days × 16 components, float32, dynamic [parBETA, parBETAET], routing on,
/// forward + backward of Σ streamflow with the fused backend (states checkpointed every
/// <see cref="HbvKernel{T}.Segment"/> days). Prints time and the peak resident memory of the step.
/// </summary>
internal static class PhysicsLargeBench
{
    public static void Run()
    {
        long T = 1095, B = 3000;
        const int C = 16;
        if (Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_BASINS") is { } b) B = long.Parse(b);
        var model = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = C, Backend = "fused", DynamicParameters = ["parBETA", "parBETAET"] });
        var gen = new Generator(1);
        using var setup = NewDisposeScope();                                                 // temporaries freed before measuring
        var prcp = rand(T, B, generator: gen).lt(0.5).to(ScalarType.Float32) * rand(T, B, generator: gen) * 20;
        var temp = 5 + 15 * sin(arange(T, dtype: ScalarType.Float32) / 58.0f).unsqueeze(1).expand(T, B);
        var pet = 1 + 3 * rand(T, B, generator: gen);
        var forcings = stack([prcp, temp, pet], 2);                                          // [T, B, 3]
        var leaves = model.Parameters.ToDictionary(p => p.Name, p =>
        {
            var shape = model.DynamicParameters.Contains(p.Name) ? new[] { T, B, (long)C } : new[] { B, (long)C };
            return (p.Lower + (0.1 + 0.8 * rand(shape, generator: gen)) * (p.Upper - p.Lower)).requires_grad_();
        });
        var routing = (rand(B, 2, generator: gen) * tensor(new[] { 2.9f, 6.5f })).requires_grad_();
        foreach (var t in leaves.Values.Append(forcings).Append(routing)) t.MoveToOuterDisposeScope();
        setup.Dispose();
        double inputs = MemoryStatus.ResidentGb;
        long checkpoints = (T + HbvKernel<float>.Segment - 1) / HbvKernel<float>.Segment * 5 * B * C * sizeof(float);
        Console.WriteLine($"{B} basins × {T} days × {C} components: resident with inputs {inputs:F2} GB " +
                          $"(two dynamic parameters [T, B, C] {2.0 * T * B * C * 4 / 1e9:F2} GB); state checkpoints {checkpoints / 1e6:F0} MB");
        for (int rep = 0; rep < 3; rep++)
        {
            MemoryStatus.ResetPeak();
            var (wall, cpu) = Program.MedianWallAndCpu(() =>
            {
                using var scope = NewDisposeScope();
                var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C));
                var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
                r.Series["streamflow"].sum().backward();
            }, warmup: 0, repeats: 1);
            Console.WriteLine($"fused forward+backward: {wall:F2} s wall, {cpu:F2} s CPU; peak resident {MemoryStatus.PeakGb:F2} GB " +
                              $"(+{MemoryStatus.PeakGb - inputs:F2} GB over the inputs; gradients of the leaves stay allocated after the first run)");
            foreach (var l in leaves.Values) l.grad?.zero_();
        }
    }
}
