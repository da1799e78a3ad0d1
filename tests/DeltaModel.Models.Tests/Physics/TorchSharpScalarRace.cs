namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// Tests that run long tensor-op loops are kept out of parallel execution. TorchSharp's implicit <c>Scalar</c>s (every
/// <c>a + b</c> passes a fresh alpha = 1) are freed by a finalizer; when another thread triggers a garbage collection
/// while this thread is inside the native call, the scalar can be freed under it ("Expected false to be true" from
/// <c>c10::Scalar::toDouble</c>). Seen with SAC-SMA's ~200 ops per day while other test classes allocate in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchSharpScalarRace
{
    public const string Name = "Tensor loops (no parallel GC)";
}
