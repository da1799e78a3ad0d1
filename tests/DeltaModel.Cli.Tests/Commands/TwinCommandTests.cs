using System.Globalization;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary><c>deltamodel twin photosynthesis</c>: the committed twin dataset is what the command writes, and bad sizes are one error.</summary>
[Collection("Sequential")]
public sealed class TwinCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-twin-").FullName;
    public void Dispose() => Directory.Delete(root, recursive: true);

    static string Committed => Path.Combine(CliHarness.RepoRoot, "data", "photosynthesis-twin");

    /// <summary>
    /// The defaults regenerate data/photosynthesis-twin: the traits, truths and site list byte for byte (plain C#
    /// arithmetic), each series value within one unit of its last written decimal (the leaf model runs in libtorch, whose
    /// kernels may differ in the last bit between instruction sets).
    /// </summary>
    [Fact]
    public void The_defaults_regenerate_the_committed_twin_dataset()
    {
        var (code, stdout, stderr) = CliHarness.Invoke(["twin", "photosynthesis", "--out", root]);
        Assert.True(code == 0, stderr);
        Assert.Contains("50 files written", stdout);
        foreach (var file in new[] { Path.Combine("attributes", "attributes.csv"), "sites.txt" })
            Assert.True(File.ReadAllText(Path.Combine(Committed, file)) == File.ReadAllText(Path.Combine(root, file)),
                $"{file} differs from the committed one; regenerate: deltamodel twin photosynthesis --out data/photosynthesis-twin");
        var series = Directory.GetFiles(Path.Combine(Committed, "time_series"), "*.csv").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(48, series.Count);
        foreach (var name in series)
        {
            var expected = File.ReadAllLines(Path.Combine(Committed, "time_series", name!));
            var actual = File.ReadAllLines(Path.Combine(root, "time_series", name!));
            Assert.Equal(expected.Length, actual.Length);
            Assert.Equal(expected[0], actual[0]);
            for (int line = 1; line < expected.Length; line++)
            {
                var e = expected[line].Split(',');
                var a = actual[line].Split(',');
                Assert.Equal(e[0], a[0]);
                for (int c = 1; c < e.Length; c++)
                    Assert.True(Math.Abs(double.Parse(e[c], CultureInfo.InvariantCulture) - double.Parse(a[c], CultureInfo.InvariantCulture)) <= 1.01e-3,
                        $"{name}:{line + 1} column {c}: committed {e[c]}, regenerated {a[c]}");
            }
        }
    }

    [Fact]
    public void Too_few_sites_is_one_error_naming_the_option()
    {
        var (code, _, stderr) = CliHarness.Invoke(["twin", "photosynthesis", "--out", root, "--sites", "2"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--sites: expected an integer ≥ 4, got 2", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
