namespace DeltaModel.Cli.Tests.Commands;

/// <summary><c>deltamodel folds</c>: the same files from the same seed, and <c>--check</c> catching a changed one.</summary>
[Collection("Sequential")]
public sealed class FoldsCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-folds-").FullName;
    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Draws_reproducible_fold_files_and_check_refuses_an_edited_one()
    {
        var basins = Path.Combine(root, "basins.txt");
        File.WriteAllLines(basins, Enumerable.Range(1, 11).Select(i => $"0101{i:D4}"));
        string[] Draw(string folder) => ["folds", "--basin-file", basins, "--k", "3", "--seed", "42", "--out", Path.Combine(root, folder)];

        var (code, stdout, stderr) = CliHarness.Invoke(Draw("a"));
        Assert.True(code == 0, stderr);
        Assert.Contains("fold_3.txt: 3 basins", stdout);
        Assert.Equal(0, CliHarness.Invoke(Draw("b")).Code);
        for (int f = 1; f <= 3; f++)
            Assert.Equal(File.ReadAllText(Path.Combine(root, "a", $"fold_{f}.txt")), File.ReadAllText(Path.Combine(root, "b", $"fold_{f}.txt")));

        Assert.Equal(0, CliHarness.Invoke([.. Draw("a"), "--check"]).Code);
        File.WriteAllText(Path.Combine(root, "a", "fold_2.txt"), "01010001\n");
        (code, _, stderr) = CliHarness.Invoke([.. Draw("a"), "--check"]);
        Assert.Equal(1, code);
        Assert.Contains("fold_2.txt is not fold 2 of the draw with seed 42", stderr);
    }
}
