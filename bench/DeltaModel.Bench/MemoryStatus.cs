namespace DeltaModel.Bench;

/// <summary>Resident memory of this process from <c>/proc/self/status</c> (Linux), with a resettable peak.</summary>
internal static class MemoryStatus
{
    /// <summary>Current resident set [GB].</summary>
    public static double ResidentGb => Read("VmRSS:");

    /// <summary>Peak resident set since start or the last <see cref="ResetPeak"/> [GB].</summary>
    public static double PeakGb => Read("VmHWM:");

    /// <summary>Starts a new peak (<c>echo 5 &gt; /proc/self/clear_refs</c>): the next <see cref="PeakGb"/> covers only what follows.</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static double Read(string key)
    {
        if (!File.Exists("/proc/self/status")) return double.NaN;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line[key.Length..].Trim().Split(' ')[0]) / (1024.0 * 1024);   // kB → GB
    }
}
