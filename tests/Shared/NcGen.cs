using System.Diagnostics;
using Xunit;

namespace DeltaModel.Tests.Shared;

/// <summary>
/// Writes NetCDF files from CDL text with netCDF-C's own <c>ncgen</c> (Debian netcdf-bin, installed by .ci/run), so
/// the reader tests read files the reference library wrote: classic (CDF-1), 64-bit offset (CDF-2) and netCDF-4 (HDF5).
/// </summary>
internal static class NcGen
{
    /// <summary>ncgen's <c>-k</c> kinds the tests write.</summary>
    public const string Classic = "classic", Offset64 = "64-bit offset", NetCdf4 = "nc4";

    /// <summary>ncgen on PATH, or null (tests then skip with the reason).</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "ncgen")).FirstOrDefault(File.Exists);

    public const string Missing = "ncgen not found on PATH (install Debian's netcdf-bin; .ci/run does)";

    /// <summary>Writes <paramref name="cdl"/> as a NetCDF file of <paramref name="kind"/> at <paramref name="path"/>; skips the test without ncgen.</summary>
    public static void Write(string cdl, string path, string kind)
    {
        var ncgen = Find();
        Skip.If(ncgen is null, Missing);
        var cdlPath = path + ".cdl";
        File.WriteAllText(cdlPath, cdl);
        using var p = Process.Start(new ProcessStartInfo(ncgen!, ["-k", kind, "-o", path, cdlPath]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        File.Delete(cdlPath);
        Assert.True(p.ExitCode == 0, $"ncgen -k {kind} exited {p.ExitCode}: {error}");
    }
}
