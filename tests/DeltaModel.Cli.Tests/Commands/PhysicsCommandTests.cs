namespace DeltaModel.Cli.Tests.Commands;

/// <summary>The <c>physics</c> verb end to end, in-process (console output captured).</summary>
[Collection("Sequential")]
public class PhysicsCommandTests
{
    static string CaseFolder() =>
        Path.GetFullPath(Path.Combine(CliHarness.RepoRoot, "..", "shared", "fixtures", "hbv", "hbv10_n1_static_mid"));

    static (int Code, string Out, string Err) Invoke(params string[] args) => CliHarness.Invoke(args);

    [Fact]
    public void Physics_WritesOutFolder_AndPrintsDifferences()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"deltamodel-cli-physics-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = Invoke("physics", CaseFolder(), "--out", outDir, "--backend", "fused");
            Assert.True(code == 0, error);
            Assert.True(File.Exists(Path.Combine(outDir, "outputs.csv")));
            Assert.False(File.Exists(Path.Combine(outDir, "outputs_float64.csv")));
            Assert.Contains("outputs.csv", output);
            Assert.Contains("streamflow", output);
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void Physics_MissingCase_IsAUserError()
    {
        var (code, _, error) = Invoke("physics", "/nonexistent/case-folder", "--out", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }
}
