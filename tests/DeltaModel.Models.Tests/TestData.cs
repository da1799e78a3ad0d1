using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests;

/// <summary>Where the tests' data lives (found from the test binary upwards) and the real forcings several physics tests share.</summary>
internal static class TestData
{
    /// <summary>The repository root (the folder holding DeltaModel.slnx).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>&lt;repo&gt;/../shared</c>: the read-only data, fixtures and spec beside the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    static readonly Lazy<HydroDataset> camels = new(() => CamelsUsLoader.Load(Path.Combine(RepoRoot, "data", "camels-sample"), new CamelsUsOptions
    {
        ForcingSource = "nldas", Pet = "oudin",
        Basins = BasinSelection.FromIds(["01013500", "03439000", "09386900"]),
        Period = DatePeriod.Parse("1999-10-01..2004-09-30"),
    }));

    /// <summary>Real forcings <c>[T, B, 3]</c> (prcp, tmean, Oudin PET) of three CAMELS basins (Maine snow, North Carolina, Arizona), five water years.</summary>
    public static Tensor CamelsForcings(ScalarType dtype)
    {
        var d = camels.Value;
        var channels = new[] { "prcp", "tmean", "pet" }.Select(v => tensor(d.Variable(v).Values, dtype: ScalarType.Float32).view(d.DayCount, d.Basins.Count));
        return stack(channels, 2).to(dtype);                                                 // [T, B, 3]
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (DeltaModel.slnx) not found above the test binary.");
    }
}
