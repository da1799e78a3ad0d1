using DeltaModel.Cli.Commands;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>Runs <c>deltamodel dataset</c> in-process; Console is global state, hence the collection.</summary>
[Collection("Sequential")]
public class DatasetCommandTests
{
    static readonly string repo = FindRepoRoot();
    static string Sample => Path.Combine(repo, "data", "camels-sample");

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (Program.BuildRoot().Parse(args).Invoke(), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Fact]
    public void Dataset_PrintsSummary_ForTheEmbeddedSample()
    {
        var (code, stdout, _) = Run("dataset", Sample, "--source", "nldas", "--basins", "01013500,01022500",
            "--period", "2000-01-01..2000-12-31", "--attributes", "p_mean,geol_porosity", "--pet", "oudin");
        Assert.Equal(0, code);
        Assert.Contains("Basins      2: 01013500 01022500", stdout);
        Assert.Contains("2000-01-01..2000-12-31 (366 days)", stdout);
        Assert.Matches(@"pet\s+mm/d", stdout);
        Assert.Contains("geol_porosity", stdout);
    }

    [Fact]
    public void Dataset_BadInput_IsOneErrorLineAndExitCode2()
    {
        var (code, _, stderr) = Run("dataset", Sample, "--source", "nldsa");
        Assert.Equal(CliErrors.UserError, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("did you mean 'nldas'", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Dataset_BadPeriod_SaysWhatWasExpected()
    {
        var (code, _, stderr) = Run("dataset", Sample, "--source", "nldas", "--period", "2000..2001");
        Assert.Equal(CliErrors.UserError, code);
        Assert.Contains("not a date as yyyy-MM-dd", stderr);
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (DeltaModel.slnx) not found above the test binaries.");
    }
}
