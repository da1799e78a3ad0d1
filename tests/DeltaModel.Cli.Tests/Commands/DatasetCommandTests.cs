using DeltaModel.Cli.Commands;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>Runs <c>deltamodel dataset</c> in-process; Console is global state, hence the collection.</summary>
[Collection("Sequential")]
public class DatasetCommandTests
{
    static readonly string repo = CliHarness.RepoRoot;
    static string Sample => Path.Combine(repo, "data", "camels-sample");

    static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Invoke(args);

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
    public void Dataset_WithoutFlags_UsesTheConfigFilesDefaults_AndPrintsASummary()
    {
        // The sample has only NLDAS forcings: the config file's default (data.forcing_source), not Daymet.
        var (code, stdout, stderr) = Run("dataset", Sample);
        Assert.True(code == 0, stderr);
        Assert.Contains("nldas forcings", stdout);
        Assert.Contains("Basins      19:", stdout);
        Assert.Matches(@"pet\s+mm/d", stdout); // data.pet defaults to oudin
        var (_, help, _) = Run("dataset", "--help");
        Assert.Contains("default: nldas", help);
        Assert.Contains("default: oudin", help);
    }

    [Fact]
    public void Dataset_MissingAttribute_IsAnError_UnlessAFillIsAskedFor()
    {
        var args = new[] { "dataset", Sample, "--basins", "01013500,01022500", "--period", "2000-01-01..2000-01-31", "--attributes", "root_depth_50" };
        var (code, _, stderr) = Run(args);
        Assert.Equal(CliErrors.UserError, code);
        Assert.Contains("camels_vege.txt:2: basin 01013500 has 'NA' (missing) for attribute root_depth_50", stderr);
        var (filledCode, stdout, _) = Run([.. args, "--attribute-fill", "mean"]);
        Assert.Equal(0, filledCode);
        Assert.Contains("attribute_fill mean: root_depth_50 (01013500)", stdout);
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

    static string Caravan => Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "caravan_camels_us_482"));

    static void AssertOneErrorLine(int code, string stderr)
    {
        Assert.Equal(CliErrors.UserError, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Dataset_FormatCamels_LoadsLikeAutoDetection()
    {
        string[] args = ["dataset", Sample, "--source", "nldas", "--basins", "01013500", "--period", "2000-01-01..2000-01-31"];
        var auto = Run(args);
        var explicitFormat = Run([.. args, "--format", "camels"]);
        Assert.Equal(0, explicitFormat.Code);
        Assert.Equal(auto.Out, explicitFormat.Out);
    }

    [Fact]
    public void Dataset_FormatCaravan_LoadsACaravanFolder()
    {
        var (code, stdout, stderr) = Run("dataset", Caravan, "--format", "caravan", "--basins", "01022500",
            "--period", "2000-01-01..2000-01-31", "--pet", "none");
        Assert.True(code == 0, stderr);
        Assert.Contains("Basins      1: 01022500", stdout);
    }

    [Fact]
    public void Dataset_FormatCaravan_OnACamelsFolder_SaysWhichFormatItIs()
    {
        var (code, _, stderr) = Run("dataset", Sample, "--format", "caravan");
        AssertOneErrorLine(code, stderr);
        Assert.Contains(Sample, stderr);
        Assert.Contains("no catchments.csv", stderr);
        Assert.Contains("use --format camels or omit --format", stderr);
    }

    [Fact]
    public void Dataset_FormatCamels_OnACaravanFolder_SaysWhichFormatItIs()
    {
        var (code, _, stderr) = Run("dataset", Caravan, "--format", "camels");
        AssertOneErrorLine(code, stderr);
        Assert.Contains("no basin_mean_forcing/", stderr);
        Assert.Contains("use --format caravan or omit --format", stderr);
    }

    [Fact]
    public void Dataset_FormatOnAFolderOfNeither_SaysWhatWasExpected()
    {
        var empty = Directory.CreateTempSubdirectory("deltamodel-cli-").FullName;
        var (code, _, stderr) = Run("dataset", empty, "--format", "caravan");
        AssertOneErrorLine(code, stderr);
        Assert.Contains("(expected the headerless Caravan-CAMELS copy layout).", stderr);
    }

    [Fact]
    public void Dataset_UnknownFormat_SuggestsTheClosest()
    {
        var (code, _, stderr) = Run("dataset", Sample, "--format", "camel");
        AssertOneErrorLine(code, stderr);
        Assert.Contains("did you mean 'camels'", stderr);
        Assert.Contains("expected one of: camels, caravan", stderr);
    }

    [Fact]
    public void Dataset_MalformedFile_IsOneErrorLineNamingFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("deltamodel-cli-").FullName;
        File.WriteAllText(Path.Combine(dir, "catchments.csv"), "gauge_id,gauge_name\n01022500,x\n");
        var file = Path.Combine(dir, "01022500.csv");
        File.WriteAllText(file, "0,-16.5,1.6,1.27\n7.69,abc,2.45,1.2\n");
        var (code, _, stderr) = Run("dataset", dir, "--format", "caravan", "--pet", "none");
        AssertOneErrorLine(code, stderr);
        Assert.Contains($"{file}:2: 'abc' in column T is not a number (expected a number)", stderr);
    }
}
