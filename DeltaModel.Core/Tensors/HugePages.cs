using System.Runtime.InteropServices;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// Asks libtorch's CPU allocator to back large tensors (≥ 2 MB) with transparent huge pages: c10 then
/// <c>madvise(MADV_HUGEPAGE)</c>s them, its documented <c>THP_MEM_ALLOC_ENABLE=1</c> switch. Why (docs/platform.md): glibc
/// serves every allocation above 32 MB with a fresh <c>mmap</c> and returns it on free, so each training step faults in
/// its large activations and gradients page by page again; on the project's virtual machines a 4 KB page fault costs
/// ~10 µs, and the 61 MB zero-filled gradient of one δHBV minibatch alone took ~150 ms. With 2 MB pages there are 512×
/// fewer faults. Values are unchanged (placement only). The switch is read from the process environment by native
/// code, so it must be set natively (.NET's <c>Environment.SetEnvironmentVariable</c> does not reach <c>getenv</c> on
/// Unix) and before the first tensor exists. A value the user set wins. Linux only; elsewhere a no-op.
/// </summary>
public static partial class HugePages
{
    const string Variable = "THP_MEM_ALLOC_ENABLE";

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>Turns the switch on unless the environment already sets it. Returns whether it is on.</summary>
    public static bool EnableForLargeTensors()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariable(Variable) is { } user) return user == "1";
        try { return SetEnv(Variable, "1", overwrite: 0) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }
}
