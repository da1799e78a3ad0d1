using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Legal variations of every file kind — CRLF line ends, a UTF-8 BOM, no final newline, trailing blank lines, tabs
/// and spaces mixed between fields — load bit-identically to the original file.
/// </summary>
public class LegalVariationTests
{
    /// <summary>File kind → the file in the corpus, its field separator (null = whitespace), and the load that reads it.</summary>
    static readonly Dictionary<string, (Func<CorpusFolder, string> File, char? Separator, Func<CorpusFolder, HydroDataset> Load)> kinds = new()
    {
        ["camels_forcing"] = (c => c.ForcingFile, null, c => c.LoadCamelsFromBasinFile()),
        ["camels_streamflow"] = (c => c.StreamflowFile, null, c => c.LoadCamelsFromBasinFile()),
        ["camels_topo_table"] = (c => c.TopoTable, ';', c => c.LoadCamelsFromBasinFile()),
        ["camels_clim_table"] = (c => c.ClimTable, ';', c => c.LoadCamelsFromBasinFile()),
        ["basin_file"] = (c => c.BasinFile, null, c => c.LoadCamelsFromBasinFile()),
        ["caravan_series"] = (c => c.SeriesFile, ',', c => c.LoadCaravan()),
        ["caravan_catalogue"] = (c => c.Catalogue, ',', c => c.LoadCaravan()),
    };

    const string MixedWhitespace = "mixed_tabs_and_spaces";

    public static TheoryData<string, string> Variations()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in kinds.Keys)
            foreach (var variation in TextMutation.LegalVariations.Keys.Append(MixedWhitespace))
                data.Add(kind, variation);
        return data;
    }

    [Theory, MemberData(nameof(Variations))]
    public void LegalVariation_LoadsBitIdentically(string kind, string variation)
    {
        var (file, separator, load) = kinds[kind];
        using var corpus = CorpusFolder.Create();
        var original = load(corpus);
        if (variation == MixedWhitespace) TextMutation.MixWhitespace(file(corpus), separator);
        else TextMutation.LegalVariations[variation](file(corpus));
        DatasetAssert.Identical(original, load(corpus));
    }

    [Fact]
    public void MixWhitespace_ChangesTheFile()
    {
        // Guards the variation itself: a no-op rewrite would make the theory above vacuous.
        using var corpus = CorpusFolder.Create();
        var before = File.ReadAllText(corpus.ForcingFile);
        TextMutation.MixWhitespace(corpus.ForcingFile, null);
        var after = File.ReadAllText(corpus.ForcingFile);
        Assert.NotEqual(before, after);
        Assert.Contains("  ", after);
        Assert.Contains(" \t ", after);
    }
}
