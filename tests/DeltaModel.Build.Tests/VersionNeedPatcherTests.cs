using DeltaModel.NativeFix;

namespace DeltaModel.Build.Tests;

/// <summary>
/// The native fix on the real libLibTorchSharp.so as shipped in the TorchSharp package (read from the NuGet cache,
/// copied to a temp folder: the copy in our build output is already patched).
/// </summary>
public sealed class VersionNeedPatcherTests : IDisposable
{
    const string StdCxx = "libstdc++.so.6";
    readonly string dir = Directory.CreateTempSubdirectory("nativefix-").FullName;
    readonly string library;

    public VersionNeedPatcherTests()
    {
        library = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(ShippedLibrary(), library);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static string ShippedLibrary()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp package not restored at {path}");
        return path;
    }

    static ElfImage Read(string path) => new(File.ReadAllBytes(path), path);

    static HashSet<string> AllNeeded(string path) =>
        Read(path).NeededVersions().Where(n => n.File == StdCxx).Select(n => n.Name).ToHashSet();

    [Fact]
    public void ShippedLibrary_DeclaresGlibcxx3432_NotWeak()
    {
        var need = Read(library).NeededVersions().Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal(StdCxx, need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void Patch_MarksOnlyTheMissingVersionWeak_AndIsIdempotent()
    {
        var available = AllNeeded(library);
        available.Remove("GLIBCXX_3.4.32");          // a Debian 12 libstdc++

        var report = VersionNeedPatcher.Patch(library, StdCxx, available);

        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, report.Weakened);
        var needs = Read(library).NeededVersions();
        Assert.True(needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));

        var bytes = File.ReadAllBytes(library);
        var again = VersionNeedPatcher.Patch(library, StdCxx, available);
        Assert.False(again.Changed);
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, again.AlreadyWeak);
        Assert.Equal(bytes, File.ReadAllBytes(library));
    }

    [Fact]
    public void Patch_WhenSystemProvidesEverything_LeavesFileUntouched()
    {
        var before = File.ReadAllBytes(library);
        var report = VersionNeedPatcher.Patch(library, StdCxx, AllNeeded(library));
        Assert.False(report.Changed);
        Assert.Empty(report.Missing);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void Patch_RefusesWhenAMissingVersionIsActuallyBound()
    {
        var available = AllNeeded(library);
        available.Remove("GLIBCXX_3.4.21");          // symbols of this version are really used (std::string ABI)

        var e = Assert.Throws<InvalidOperationException>(() => VersionNeedPatcher.Patch(library, StdCxx, available));
        Assert.Contains("GLIBCXX_3.4.21", e.Message);
        Assert.Contains(library, e.Message);
    }

    [SkippableFact]
    public void BuildOutput_IsLoadableOnThisSystem()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Skip.IfNot(OperatingSystem.IsLinux(), "the patched library is a Linux (ELF) build output");
        Skip.IfNot(File.Exists(output), $"{output} is not in this build (another runtime)");
        var system = SystemLibrary.DefinedVersions(StdCxx);
        foreach (var need in Read(output).NeededVersions().Where(n => n.File == StdCxx && !system.Contains(n.Name)))
            Assert.True(need.IsWeak, $"{need.Name} is missing from the system libstdc++ but not weak in {output}");
    }
}
