using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Caravan;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Every malformed file of the corpus raises one <see cref="DataException"/> naming the file, the 1-based line
/// where one applies, and what was expected — never a raw IndexOutOfRange/Format/NullReference exception, and never
/// a silent load.
/// </summary>
public class BrokenFileCorpusTests
{
    static readonly IReadOnlyDictionary<string, BrokenFileCase> cases =
        CamelsBrokenFiles.Cases.Concat(CaravanBrokenFiles.Cases).Concat(CaravanReleaseBrokenFiles.Cases).ToDictionary();

    public static TheoryData<string> CaseNames => new(cases.Keys);

    [Theory, MemberData(nameof(CaseNames))]
    public void BrokenFile_RaisesDataException_NamingFileLineAndExpectation(string name)
    {
        var c = cases[name];
        using var corpus = CorpusFolder.Create();
        c.Break(corpus);
        var e = Assert.Throws<DataException>(() => c.Load(corpus));
        var file = c.File(corpus);
        Assert.Equal(file, e.FilePath);
        Assert.Equal(c.Line, e.Line);
        Assert.StartsWith(c.Line is { } line ? $"{file}:{line}: " : $"{file}: ", e.Message);
        foreach (var expected in c.Expected) Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Corpus_Unbroken_Loads()
    {
        using var corpus = CorpusFolder.Create();
        Assert.Equal(CorpusFolder.Days, corpus.LoadCamels().DayCount);
        Assert.Equal(CaravanLoader.Record.Days, corpus.LoadCaravan().DayCount);
        Assert.Equal([CorpusFolder.CamelsBasin], corpus.LoadCamelsFromBasinFile().Basins);
        Assert.Equal(730, corpus.LoadRelease().DayCount);
    }
}
