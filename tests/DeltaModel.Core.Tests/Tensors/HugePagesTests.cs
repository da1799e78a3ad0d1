using System.Runtime.InteropServices;
using DeltaModel.Core.Tensors;

namespace DeltaModel.Core.Tests.Tensors;

public class HugePagesTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern nint GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void EnableForLargeTensors_SetsTheVariableNativeCodeReads()
    {
        if (!OperatingSystem.IsLinux()) { Assert.False(HugePages.EnableForLargeTensors()); return; }
        Assert.True(HugePages.EnableForLargeTensors());
        // libtorch reads it with getenv; .NET's Environment keeps its own copy on Unix, so ask libc.
        Assert.Equal(Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") ?? "1", Marshal.PtrToStringUTF8(GetEnv("THP_MEM_ALLOC_ENABLE")));
    }
}

public class HeapTuningTests
{
    [Fact]
    public void KeepMidSizeBlocks_IsAcceptedByGlibcAndChangesNoValues()
    {
        bool glibc = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.") != true
                     && Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null && Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null;
        Assert.Equal(glibc, HeapTuning.KeepMidSizeBlocks());          // mallopt returns 1 only for values it accepts
        Assert.Equal(glibc, HeapTuning.KeepMidSizeBlocks());          // and again (idempotent)
        // Placement only: a tensor made, freed and made again in the 2–32 MB range holds what was written.
        for (int i = 0; i < 3; i++)
        {
            using var t = TorchSharp.torch.arange(2_000_000, dtype: TorchSharp.torch.ScalarType.Float32);
            Assert.Equal(1_999_999f, t[-1].item<float>());
            Assert.Equal(1_999_999L * 2_000_000 / 2, t.sum(TorchSharp.torch.ScalarType.Float64).item<double>());
        }
    }
}
