namespace DeltaModel.Core.Tensors;

/// <summary>
/// The process set-up every front end does before its first tensor (docs/platform.md): huge pages for large libtorch
/// tensors (<see cref="HugePages"/>) and a heap that keeps mid-size blocks between steps (<see cref="HeapTuning"/>).
/// </summary>
public static class NativeMemory
{
    /// <summary>Applies both; returns which took effect.</summary>
    public static (bool HugePages, bool Heap) Configure() => (HugePages.EnableForLargeTensors(), HeapTuning.KeepMidSizeBlocks());
}
