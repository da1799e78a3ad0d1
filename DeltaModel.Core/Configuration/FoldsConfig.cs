namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>folds</c>: k-fold spatial cross-validation (prediction in ungauged basins). The experiment's basins are
/// split into <see cref="K"/> basin files <c>fold_1.txt</c> … <c>fold_K.txt</c> in <see cref="Folder"/>, drawn once
/// from <see cref="Seed"/> by <c>deltamodel folds</c> and committed: the files are the truth, the seed says how they
/// were made. Fold i trains on the other folds' basins and tests on its own; the pooled per-basin metrics of all
/// folds are the experiment's test metrics.
/// </summary>
public sealed record FoldsConfig : IConfigSection
{
    public const string FilePrefix = "fold_";

    /// <summary>Number of folds. Range: ≥ 2.</summary>
    public int K { get; init; } = 5;

    /// <summary>Seed the fold files were drawn with (<c>deltamodel folds --seed</c>); a record, the files decide.</summary>
    public int Seed { get; init; }

    /// <summary>Folder holding <c>fold_1.txt</c> … <c>fold_K.txt</c> (relative to the experiment file).</summary>
    [ConfigPath]
    public required string Folder { get; init; }

    /// <summary>The basin file of fold <paramref name="fold"/> (1-based).</summary>
    public string FoldFile(int fold) => FoldFile(Folder, fold);

    /// <summary>The basin file of fold <paramref name="fold"/> (1-based) in <paramref name="folder"/>.</summary>
    public static string FoldFile(string folder, int fold) => Path.Combine(folder, $"{FilePrefix}{fold}.txt");

    public void Validate(ConfigErrors errors, string path)
    {
        if (K < 2) errors.Expected($"{path}.k", "an integer ≥ 2", K);
        else
            for (int f = 1; f <= K; f++)
                if (!File.Exists(FoldFile(f)))
                {
                    errors.Add($"{path}.folder", $"'{path}.folder': {FoldFile(f)} not found; write the fold files once with " +
                                                 $"'deltamodel folds --basin-file <the experiment's basins> --k {K} --seed {Seed} --out {Folder}' and commit them.");
                    break;
                }
    }
}
