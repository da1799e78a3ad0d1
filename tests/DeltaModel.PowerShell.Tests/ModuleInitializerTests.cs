using System.Runtime.InteropServices;

namespace DeltaModel.PowerShell.Tests;

[Collection(SessionCollection.Name)]
public class ModuleInitializerTests(ModuleSession session)
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern nint GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [SkippableFact]
    public void ImportingTheModule_TurnsOnHugePagesForLargeTensors()
    {
        session.Run("Get-Module DeltaModel").AssertClean();   // the session imported the module
        Skip.IfNot(OperatingSystem.IsLinux(), "transparent huge pages are a Linux feature");
        // libtorch reads the switch with getenv; .NET's Environment keeps its own copy on Unix, so ask libc.
        Assert.Equal(Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") ?? "1", Marshal.PtrToStringUTF8(GetEnv("THP_MEM_ALLOC_ENABLE")));
    }
}
