using System.Runtime.InteropServices;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// Keeps glibc from handing mid-size tensor memory (below 32 MB) back to the kernel after every step. Why
/// (docs/platform.md): glibc's dynamic thresholds put such blocks on the heap, then trim the heap top as soon as it
/// holds more than twice the last threshold free, so every step faults its parameter slices, fluxes and gradients in
/// again, 4 KB at ~10 µs a fault on these virtual machines. With a fixed mmap threshold of 32 MB (glibc's maximum;
/// larger tensors keep their own mappings and huge pages, <see cref="HugePages"/>) and a 256 MB trim threshold, the
/// physics part of one simulation chunk went from 80–150 ms to 55–67 ms and a simulation from 118,000 to 148,000
/// basin-days/s; the training minibatch's peak memory is unchanged (0.95 GB), memory between steps is ~0.15 GB higher.
/// Placement only: values are unchanged. Linux/glibc only; elsewhere, or when the user set glibc's malloc tunables,
/// a no-op.
/// </summary>
public static partial class HeapTuning
{
    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    const int MmapThreshold = 32 * 1024 * 1024, TrimThreshold = 256 * 1024 * 1024;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Sets both thresholds. Returns whether they are set (false off glibc or when the user tuned malloc).</summary>
    public static bool KeepMidSizeBlocks()
    {
        if (!OperatingSystem.IsLinux() || UserTunedMalloc()) return false;
        try { return MallOpt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && MallOpt(M_TRIM_THRESHOLD, TrimThreshold) == 1; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }     // a libc without mallopt (e.g. musl)
    }

    static bool UserTunedMalloc() =>
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) == true ||
        Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
        Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null;
}
