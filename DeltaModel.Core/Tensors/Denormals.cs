using System.Runtime.InteropServices;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// Flushes denormal floats to zero in libtorch's CPU threads. The LSTM gradient through the warm-up days decays into
/// the denormal range, where x86 arithmetic is 10–100× slower; the Python original runs 3–6× faster with
/// <c>torch.set_flush_denormal(True)</c> (anchor-results.md). TorchSharp does not expose that call, so this binds
/// libtorch's <c>at::Context::setFlushDenormal</c> directly, on the calling thread and on every thread of libtorch's
/// OpenMP pool (through <c>GOMP_parallel</c> of the libgomp libtorch bundles). Linux x64 only; elsewhere a no-op
/// that reports false.
/// </summary>
public static unsafe partial class Denormals
{
    const string Torch = "libtorch_cpu";
    const string Gomp = "libgomp-98b21ff3.so.1";   // the OpenMP runtime bundled with libtorch-cpu-linux-x64 2.10

    [LibraryImport(Torch, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial nint GlobalContext();

    [LibraryImport(Torch, EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool SetFlushDenormal(nint context, [MarshalAs(UnmanagedType.U1)] bool on);

    [LibraryImport(Gomp, EntryPoint = "GOMP_parallel")]
    private static partial void GompParallel(delegate* unmanaged<nint, void> fn, nint data, uint threads, uint flags);

    static int requested;   // 1 = flush, 0 = keep

    static bool OnLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Sets the calling thread as <see cref="requested"/> says.</summary>
    static void ApplyRequest() => SetFlushDenormal(GlobalContext(), Volatile.Read(ref requested) == 1);

    /// <summary>Turns flushing on or off for libtorch's threads. Returns whether the platform supports it.</summary>
    public static bool Flush(bool on)
    {
        if (!OnLinuxX64) return false;
        try
        {
            _ = TorchSharp.torch.zeros(1);          // make sure TorchSharp has loaded libtorch
            requested = on ? 1 : 0;
            if (!SetFlushDenormal(GlobalContext(), on)) return false;
            GompParallel(&OnPoolThread, 0, 0, 0);    // 0 threads = the pool's default team
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies the last <see cref="Flush"/> request to the calling thread only: for threads of our own that run libtorch
    /// kernels (<see cref="ChunkWorkers"/>), whose floating-point control word does not come from libtorch's pool.
    /// </summary>
    public static void OnThisThread()
    {
        if (!OnLinuxX64) return;
        try { ApplyRequest(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [UnmanagedCallersOnly]
    static void OnPoolThread(nint data) => ApplyRequest();
}
