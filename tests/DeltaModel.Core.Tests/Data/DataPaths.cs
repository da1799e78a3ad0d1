namespace DeltaModel.Core.Tests.Data;

/// <summary>Finds the repository's embedded sample data and the project's shared real data (<c>../shared</c> beside the repository).</summary>
internal static class DataPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>data/camels-sample</c>: 19 basins (NLDAS) + all 671 basins' attribute tables.</summary>
    public static string CamelsSample => Path.Combine(RepoRoot, "data", "camels-sample");

    /// <summary><c>data/caravan-release-sample</c>: three basins of two sources in the official Caravan layout, 1981–1982.</summary>
    public static string CaravanRelease => Path.Combine(RepoRoot, "data", "caravan-release-sample");

    /// <summary><c>data/generic-sample</c>: two basins in NeuralHydrology's generic layout (CSV), 1981–1982.</summary>
    public static string GenericSample => Path.Combine(RepoRoot, "data", "generic-sample");

    public static string SharedData
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            return Directory.Exists(dir) ? dir : throw new DirectoryNotFoundException($"shared data not found at {dir} (expected ../shared/data beside the repository).");
        }
    }

    public static string Cuahsi => Path.Combine(SharedData, "cuahsi_camels_sample");
    public static string NeuralHydrology => Path.Combine(SharedData, "neuralhydrology_camels_us", "camels_us");
    public static string FullAttributes => Path.Combine(NeuralHydrology, "camels_attributes_v2.0");
    public static string Caravan => Path.Combine(SharedData, "caravan_camels_us_482");

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (DeltaModel.slnx) not found above the test binaries.");
    }

    /// <summary>A fresh temporary folder for files a test writes.</summary>
    public static string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "deltamodel-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
