using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace DeltaModel.Tests.Shared;

/// <summary>
/// Reads a NetCDF file back through netCDF-C's own <c>ncdump</c> (Debian netcdf-bin, installed by .ci/run): an
/// independent reader, so a test proves the file opens in the tools users have, not just in our own code.
/// </summary>
internal sealed partial class NcDump
{
    /// <summary>The full <c>ncdump</c> text: header (dimensions, variables, attributes) and data.</summary>
    public string Text { get; }

    NcDump(string text) => Text = text;

    /// <summary>ncdump on PATH, or null (tests then skip with the reason).</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "ncdump")).FirstOrDefault(File.Exists);

    public const string Missing = "ncdump not found on PATH (install Debian's netcdf-bin; .ci/run does)";

    /// <summary>Runs <c>ncdump</c> with <paramref name="options"/> (e.g. <c>-h</c> for the header only).</summary>
    public static NcDump Run(string ncdump, string path, params string[] options)
    {
        using var p = Process.Start(new ProcessStartInfo(ncdump, [.. options, path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ncdump {string.Join(' ', options)} {path} exited {p.ExitCode}: {error}");
        return new NcDump(output.Result);
    }

    /// <summary>A text attribute, <c>variable:name</c> (or <c>:name</c> for a global one); null when absent.</summary>
    public string? Attribute(string qualifiedName)
    {
        var m = Regex.Match(Text, $@"^\s*{Regex.Escape(qualifiedName)} = ""(.*)"" ;$", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>A numeric variable's values from the data section, in file order (NaN as NaN).</summary>
    public double[] Numbers(string variable) =>
        Values(variable).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.TrimEnd('f') is var s && s == "NaN" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A char variable's strings from the data section.</summary>
    public string[] Strings(string variable) =>
        QuotedString().Matches(Values(variable)).Select(m => m.Groups[1].Value).ToArray();

    string Values(string variable)
    {
        var data = Text.IndexOf("\ndata:", StringComparison.Ordinal);
        Assert.True(data >= 0, "ncdump printed no data section (run it without -h)");
        var m = Regex.Match(Text[data..], $@"^ {Regex.Escape(variable)} =(.*?);", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"ncdump printed no data for '{variable}'");
        return m.Groups[1].Value;
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedString();
}
