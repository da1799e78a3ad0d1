using System.Diagnostics;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// The native BMI library, published once per test session with NativeAOT (slow: a minute or more on two cores), and
/// the C compiler; each either there or the reason it cannot be had, for the tests to skip with.
/// </summary>
public sealed class NativeBmiLibrary : IDisposable
{
    public NativeBmiLibrary()
    {
        Folder = Directory.CreateTempSubdirectory("deltamodel-bmi-native-").FullName;
        Compiler = new[] { "cc", "gcc", "clang" }.Select(Which).FirstOrDefault(p => p is not null);
        if (Compiler is null) { Missing = "no C compiler (cc, gcc or clang) on PATH; .ci/run installs gcc."; return; }
        if (!OperatingSystem.IsLinux()) { Missing = "the native test runs on Linux (dlopen of a .so)."; return; }
        var project = Path.Combine(TinyExperiment.RepoRoot, "DeltaModel.Bmi", "DeltaModel.Bmi.csproj");
        // Kept under artifacts/ (ignored by git) and reused while no source of the library is newer: CI runs the suite
        // twice, and the AOT compile is the slowest step of this test by far. Its own artifacts folder: the publish
        // restores for linux-x64 and must not touch the obj/ of the regular build.
        var cache = Path.Combine(TinyExperiment.RepoRoot, "artifacts", "bmi-native");
        var publish = Path.Combine(cache, "publish");
        Library = Path.Combine(publish, "DeltaModel.Bmi.so");
        if (File.Exists(Library) && File.GetLastWriteTimeUtc(Library) > NewestSource()) return;
        var (code, output) = Run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "--artifacts-path", Path.Combine(cache, "build"), "-o", publish]);
        if (code == 0 && File.Exists(Library)) return;
        Library = null;
        // Where the AOT compiler package cannot be restored (no registry), the test cannot run: say so. Anything else is a failure.
        if (output.Contains("NU1101") || output.Contains("NU1102") || output.Contains("Unable to load the service index"))
            Missing = "the NativeAOT compiler package (runtime.linux-x64.Microsoft.DotNet.ILCompiler) cannot be restored here: " + output.Split('\n').First(l => l.Contains("NU1"));
        else PublishError = output;
    }

    public string Folder { get; }
    public string? Compiler { get; }
    public string? Library { get; }

    /// <summary>Why the native test cannot run here (a tool that cannot be had), or null.</summary>
    public string? Missing { get; }

    /// <summary>The publish's output when it failed for another reason (a bug: the test fails with it).</summary>
    public string? PublishError { get; }

    public static (int Code, string Output) Run(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>When the library's sources last changed: its project folder and the files it compiles in from DeltaModel.Models.</summary>
    static DateTime NewestSource()
    {
        var root = TinyExperiment.RepoRoot;
        var sources = Directory.EnumerateFiles(Path.Combine(root, "DeltaModel.Bmi"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "DeltaModel.Models", "Physics", "HbvFamily", "Fused"), "*.cs"))
            .Append(Path.Combine(root, "DeltaModel.Models", "States", "StateFileFormat.cs"))
            .Append(Path.Combine(root, "Directory.Build.props")).Append(Path.Combine(root, "Directory.Packages.props"));
        return sources.Max(File.GetLastWriteTimeUtc);
    }

    static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
