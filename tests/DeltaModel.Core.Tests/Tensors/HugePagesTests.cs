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
