using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeltaModel.NativeFix;

/// <summary>Finds the system copy of a shared library the way the dynamic loader would on common Linux layouts.</summary>
public static class SystemLibrary
{
    static readonly string[] SearchDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
    ];

    /// <summary>Returns the first existing file named <paramref name="soname"/> on the loader's default search path.</summary>
    public static string? Locate(string soname)
    {
        var fromEnv = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return fromEnv.Concat(SearchDirectories)
            .Select(d => Path.Combine(d, soname))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The symbol versions the system's <paramref name="soname"/> defines; empty when it is not found.</summary>
    public static HashSet<string> DefinedVersions(string soname)
    {
        var path = Locate(soname);
        if (path is null) return new HashSet<string>();
        return new ElfImage(File.ReadAllBytes(path), path).DefinedVersions();
    }
}
