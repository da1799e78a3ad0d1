using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;

namespace DeltaModel.Core.Tests.Data.Splits;

/// <summary>Spatial folds: reproducible from the seed, disjoint and covering, and committed files checked when read.</summary>
public sealed class BasinFoldsTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-folds-tests", Guid.NewGuid().ToString("N"));
    static readonly IReadOnlyList<string> Basins = Enumerable.Range(1, 23).Select(i => $"{i * 7919 % 100000:D8}").ToList();

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void The_same_seed_draws_the_same_folds_whatever_the_basins_order_and_another_seed_others()
    {
        var a = BasinFolds.Draw(Basins, 5, seed: 1717);
        var b = BasinFolds.Draw(Basins.Reverse().ToList(), 5, seed: 1717);
        Assert.Equal(a, b);
        Assert.NotEqual(a, BasinFolds.Draw(Basins, 5, seed: 1718));
    }

    [Fact]
    public void Folds_are_disjoint_cover_every_basin_and_differ_in_size_by_at_most_one()
    {
        var folds = BasinFolds.Draw(Basins, 5, seed: 3);
        Assert.Equal(Basins.Order(StringComparer.Ordinal), folds.SelectMany(f => f).Order(StringComparer.Ordinal));
        Assert.Equal(Basins.Count, folds.SelectMany(f => f).Distinct().Count());
        Assert.InRange(folds.Max(f => f.Count) - folds.Min(f => f.Count), 0, 1);
    }

    [Fact]
    public void Written_files_read_back_and_overlapping_missing_or_foreign_basins_are_refused_by_file()
    {
        var drawn = BasinFolds.Draw(Basins, 3, seed: 9);
        BasinFolds.Write(folder, drawn);
        var config = new FoldsConfig { K = 3, Seed = 9, Folder = folder };
        Assert.Equal(drawn, BasinFolds.Read(config, Basins));

        var e = Assert.Throws<DataException>(() => BasinFolds.Read(config, Basins.Skip(1).ToList()));
        Assert.Contains($"'{Basins[0]}' is not one of the experiment's", e.Message);

        File.AppendAllText(config.FoldFile(3), drawn[0][0] + "\n");
        e = Assert.Throws<DataException>(() => BasinFolds.Read(config, Basins));
        Assert.Contains("fold_3.txt", e.Message);
        Assert.Contains("disjoint", e.Message);

        BasinFolds.Write(folder, [drawn[0], drawn[1], drawn[2].Skip(1).ToList()]);
        e = Assert.Throws<DataException>(() => BasinFolds.Read(config, Basins));
        Assert.Contains("in no fold file", e.Message);
    }

    [Fact]
    public void The_committed_caravan481_folds_are_the_draw_of_their_seed()
    {
        var experiments = Path.Combine(DataPaths.RepoRoot, "experiments");
        var basins = BasinSelection.FromFile(Path.Combine(experiments, "caravan481-dhbv", "basins.txt")).Ids;
        var config = new FoldsConfig { K = 5, Seed = 1717, Folder = Path.Combine(experiments, "caravan481-dhbv-pub", "folds") };
        Assert.Equal(481, basins.Count);
        Assert.Equal(BasinFolds.Draw(basins, config.K, config.Seed), BasinFolds.Read(config, basins));
    }
}
