using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Caravan;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// A small real dataset in a fresh temporary folder, which a test then breaks by one named mutation: the first
/// <see cref="Days"/> days of CAMELS basin <see cref="CamelsBasin"/> (NLDAS forcing, USGS streamflow, the topo and clim
/// tables cut to three basins), the whole record of Caravan basin <see cref="CaravanBasin"/> (its rows must fill
/// <see cref="CaravanLoader.Record"/>), plus a basin file. Generated from the
/// embedded sample and the shared Caravan copy rather than committed, so the corpus stays a list of mutations and
/// follows the real formats.
/// </summary>
internal sealed class CorpusFolder : IDisposable
{
    public const string CamelsBasin = "01013500";
    public const string CaravanBasin = "01022500";

    /// <summary>Days kept per CAMELS series, from 1993-09-29.</summary>
    public const int Days = 60;

    /// <summary>Lines before the first data line of a forcing file (latitude, elevation, area, column header).</summary>
    public const int ForcingHeaderLines = 4;

    static readonly string[] tableBasins = ["01013500", "01022500", "01030500"];

    CorpusFolder(string root) => Root = root;

    public string Root { get; }
    public string CamelsRoot => Path.Combine(Root, "camels");
    public string ForcingFolder => Path.Combine(CamelsRoot, "basin_mean_forcing", "nldas");
    public string ForcingFile => Path.Combine(ForcingFolder, "01", $"{CamelsBasin}_lump_nldas_forcing_leap.txt");
    public string StreamflowFolder => Path.Combine(CamelsRoot, "usgs_streamflow");
    public string StreamflowFile => Path.Combine(StreamflowFolder, "01", $"{CamelsBasin}_streamflow_qc.txt");
    public string AttributesFolder => Path.Combine(CamelsRoot, "camels_attributes_v2.0");
    public string TopoTable => Path.Combine(AttributesFolder, "camels_topo.txt");
    public string ClimTable => Path.Combine(AttributesFolder, "camels_clim.txt");
    public string CaravanFolder => Path.Combine(Root, "caravan", "Caravan-CAMELS");
    public string Catalogue => Path.Combine(CaravanFolder, "catchments.csv");
    public string SeriesFile => Path.Combine(CaravanFolder, $"{CaravanBasin}.csv");
    public string BasinFile => Path.Combine(Root, "basins.txt");
    public string ReleaseFolder => Path.Combine(Root, "caravan_release");
    public const string ReleaseBasin = "camels_01022500";
    public string ReleaseSeries => Path.Combine(ReleaseFolder, "timeseries", "csv", "camels", $"{ReleaseBasin}.csv");
    public string ReleaseOther => Path.Combine(ReleaseFolder, "attributes", "camels", "attributes_other_camels.csv");
    public string ReleaseClimate => Path.Combine(ReleaseFolder, "attributes", "camels", "attributes_caravan_camels.csv");

    /// <summary>Line (1-based) of <see cref="CamelsBasin"/> in the cut attribute tables.</summary>
    public const int TableBasinLine = 2;

    /// <summary>Deletes the folder: with a whole Caravan record in it, a test run would otherwise leave megabytes behind.</summary>
    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static CorpusFolder Create()
    {
        var corpus = new CorpusFolder(DataPaths.TempFolder());
        var sample = DataPaths.CamelsSample;
        Copy(Path.Combine(sample, "basin_mean_forcing", "nldas", "01", $"{CamelsBasin}_lump_nldas_forcing_leap.txt"),
            corpus.ForcingFile, lines => lines.Take(ForcingHeaderLines + Days));
        Copy(Path.Combine(sample, "usgs_streamflow", "01", $"{CamelsBasin}_streamflow_qc.txt"),
            corpus.StreamflowFile, lines => lines.Take(Days));
        foreach (var table in new[] { "camels_topo.txt", "camels_clim.txt" })
            Copy(Path.Combine(sample, "camels_attributes_v2.0", table), Path.Combine(corpus.AttributesFolder, table),
                lines => lines.Take(1).Concat(lines.Where(l => tableBasins.Any(b => l.StartsWith(b + ";", StringComparison.Ordinal)))));

        var caravan = Path.Combine(DataPaths.Caravan, "data", "Caravan-CAMELS");
        Copy(Path.Combine(caravan, "catchments.csv"), corpus.Catalogue,
            lines => lines.Take(1).Concat(lines.Where(l => l.StartsWith(CaravanBasin + ",", StringComparison.Ordinal))));
        Copy(Path.Combine(caravan, $"{CaravanBasin}.csv"), corpus.SeriesFile, lines => lines);
        File.WriteAllText(corpus.BasinFile, $"# corpus basins\n{CamelsBasin}\n");
        var release = Path.Combine(DataPaths.RepoRoot, "data", "caravan-release-sample");
        foreach (var file in Directory.EnumerateFiles(release, "*.csv", SearchOption.AllDirectories))
            Copy(file, Path.Combine(corpus.ReleaseFolder, Path.GetRelativePath(release, file)), lines => lines);
        return corpus;
    }

    /// <summary>Writes the chosen lines of <paramref name="source"/> with '\n' endings and a final newline (the plain form the variations start from).</summary>
    static void Copy(string source, string target, Func<IEnumerable<string>, IEnumerable<string>> select)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, string.Join("\n", select(File.ReadLines(source))) + "\n");
    }

    /// <summary>The CAMELS options the corpus loads with: one basin, streamflow via area_gages2, a numeric and a categorical attribute.</summary>
    public CamelsUsOptions CamelsOptions => new()
    {
        ForcingSource = "nldas",
        Basins = BasinSelection.FromIds([CamelsBasin]),
        Attributes = ["p_mean", "high_prec_timing", "area_gages2"],
    };

    /// <summary>The Caravan options the corpus loads with: Oudin PET, so latitude comes from the cut tables.</summary>
    public CaravanOptions CaravanOptions => new()
    {
        Basins = BasinSelection.FromIds([CaravanBasin]),
        AttributesPath = AttributesFolder,
        Attributes = ["p_mean"],
    };

    public HydroDataset LoadCamels(Func<CamelsUsOptions, CamelsUsOptions>? adjust = null) =>
        CamelsUsLoader.Load(CamelsRoot, adjust is null ? CamelsOptions : adjust(CamelsOptions));

    public HydroDataset LoadCaravan(Func<CaravanOptions, CaravanOptions>? adjust = null) =>
        CaravanLoader.Load(Path.GetDirectoryName(CaravanFolder)!, adjust is null ? CaravanOptions : adjust(CaravanOptions));

    /// <summary>The Caravan-release request the corpus loads with: two sources, Oudin PET (latitude from the tables), one attribute.</summary>
    public DatasetRequest ReleaseRequest => new()
    {
        Basins = BasinSelection.FromIds([ReleaseBasin, "hysets_01052500"]),
        Attributes = ["p_mean"],
    };

    public HydroDataset LoadRelease(Func<DatasetRequest, DatasetRequest>? adjust = null) =>
        new CaravanReleaseFormat().Load(ReleaseFolder, adjust is null ? ReleaseRequest : adjust(ReleaseRequest));

    /// <summary>The CAMELS load with the basins taken from <see cref="BasinFile"/>.</summary>
    public HydroDataset LoadCamelsFromBasinFile() =>
        LoadCamels(o => o with { Basins = BasinSelection.FromFile(BasinFile) });
}
