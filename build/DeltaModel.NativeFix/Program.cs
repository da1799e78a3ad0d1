using System;
using System.IO;

namespace DeltaModel.NativeFix;

/// <summary>
/// Usage: <c>DeltaModel.NativeFix &lt;directory-or-library&gt;...</c>. For each libLibTorchSharp.so found (the file itself,
/// or directly in the directory, or under runtimes/linux-x64/native), weakens the libstdc++ version requirements
/// the system cannot satisfy. Does nothing when the system libstdc++ already provides them.
/// </summary>
public static class Program
{
    const string Glue = "libLibTorchSharp.so";
    const string StdCxx = "libstdc++.so.6";

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: DeltaModel.NativeFix <output-directory-or-library>...");
            return 2;
        }
        if (!OperatingSystem.IsLinux()) return 0;

        var available = SystemLibrary.DefinedVersions(StdCxx);
        if (available.Count == 0)
        {
            Console.Error.WriteLine($"DeltaModel.NativeFix: warning: system {StdCxx} not found; nothing patched.");
            return 0;
        }
        try
        {
            foreach (var arg in args)
            foreach (var library in Candidates(arg))
            {
                var report = VersionNeedPatcher.Patch(library, StdCxx, available);
                if (report.Changed)
                    Console.WriteLine($"DeltaModel.NativeFix: {library}: marked {string.Join(", ", report.Weakened)} weak " +
                                      $"(the system {StdCxx} lacks them and the library never binds a symbol of them).");
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
        {
            Console.Error.WriteLine($"DeltaModel.NativeFix: error: {e.Message}");
            return 1;
        }
    }

    static System.Collections.Generic.IEnumerable<string> Candidates(string arg)
    {
        if (File.Exists(arg)) { yield return arg; yield break; }
        foreach (var sub in new[] { "", Path.Combine("runtimes", "linux-x64", "native"), Path.Combine("runtimes", "linux-arm64", "native") })
        {
            var p = Path.Combine(arg, sub, Glue);
            if (File.Exists(p)) yield return p;
        }
    }
}
