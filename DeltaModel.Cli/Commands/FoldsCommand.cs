using System.CommandLine;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel folds --basin-file F --k 5 --seed N --out DIR [--check]</c>: draws the basin files of a k-fold spatial
/// cross-validation once (section <c>folds</c>), or checks that committed ones are that draw.
/// </summary>
internal static class FoldsCommand
{
    public static Command Create()
    {
        var basinFile = new Option<FileInfo>("--basin-file") { Description = "The experiment's basins, one id per line.", Required = true };
        var k = new Option<int>("--k") { Description = "Number of folds (≥ 2).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw (record it as folds.seed).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for fold_1.txt … fold_K.txt (folds.folder).", Required = true };
        var check = new Option<bool>("--check") { Description = "Write nothing: exit 1 unless the files in --out are exactly this draw." };
        var command = new Command("folds", "Draw the basin files of a k-fold spatial cross-validation from a seed (or check committed ones).")
        {
            basinFile, k, seed, output, check,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            int folds = parse.GetValue(k);
            if (folds < 2) throw new ArgumentException($"--k: expected an integer ≥ 2, got {folds}.");
            var basins = BasinSelection.FromFile(parse.GetValue(basinFile)!.FullName).Ids;
            var drawn = BasinFolds.Draw(basins, folds, parse.GetValue(seed));
            var folder = parse.GetValue(output)!.FullName;
            if (!parse.GetValue(check))
            {
                foreach (var (path, ids) in BasinFolds.Write(folder, drawn).Zip(drawn)) Console.WriteLine($"{path}: {ids.Count} basins");
                return 0;
            }
            for (int f = 1; f <= folds; f++)
            {
                var path = FoldsConfig.FoldFile(folder, f);
                var committed = File.Exists(path) ? BasinSelection.FromFile(path).Ids : [];
                if (!committed.SequenceEqual(drawn[f - 1]))
                {
                    Console.Error.WriteLine($"error: {path} is not fold {f} of the draw with seed {parse.GetValue(seed)} over {basins.Count} basins.");
                    return 1;
                }
            }
            Console.WriteLine($"{folds} fold files in {folder} match the draw (seed {parse.GetValue(seed)}, {basins.Count} basins).");
            return 0;
        }));
        return command;
    }
}
