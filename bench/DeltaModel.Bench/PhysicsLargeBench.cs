using DeltaModel.Models;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.HbvFamily.Fused;
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
        var data = new PhysicsBenchInputs(model, T, B, gen);
        foreach (var t in data.All) t.MoveToOuterDisposeScope();
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
                var r = model.Run(data.Input());
                r.Series["streamflow"].sum().backward();
            }, warmup: 0, repeats: 1);
            Console.WriteLine($"fused forward+backward: {wall:F2} s wall, {cpu:F2} s CPU; peak resident {MemoryStatus.PeakGb:F2} GB " +
                              $"(+{MemoryStatus.PeakGb - inputs:F2} GB over the inputs; gradients of the leaves stay allocated after the first run)");
            foreach (var l in data.Leaves.Values) l.grad?.zero_();
        }
    }
}
