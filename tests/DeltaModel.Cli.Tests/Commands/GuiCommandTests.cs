namespace DeltaModel.Cli.Tests.Commands;

/// <summary><c>deltamodel gui</c> refuses what would expose or misplace the builder, with one line and exit code 2.</summary>
[Collection("Sequential")]
public sealed class GuiCommandTests
{
    [Fact]
    public void A_non_loopback_host_is_refused_before_anything_listens()
    {
        var (code, stdout, stderr) = CliHarness.Invoke("gui", "--host", "0.0.0.0", "--no-browser");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("loopback address only", stderr);
        Assert.Contains("'0.0.0.0'", stderr);
    }

    [Fact]
    public void A_missing_workspace_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "deltamodel-no-such-workspace");
        var (code, _, stderr) = CliHarness.Invoke("gui", "--workspace", missing, "--no-browser");
        Assert.Equal(2, code);
        Assert.Contains(missing, stderr);
    }
}
