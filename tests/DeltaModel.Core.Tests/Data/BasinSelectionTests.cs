using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data;

public class BasinSelectionTests
{
    static string WriteFile(string text)
    {
        var path = Path.Combine(DataPaths.TempFolder(), "basins.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FromFile_SkipsCommentsAndBlanks_AndPadsSevenDigitIds()
    {
        var path = WriteFile("# header\n01013500\n\n1022500  # leading zero lost by a spreadsheet\r\n  02046000\n");
        var s = BasinSelection.FromFile(path);
        Assert.Equal(["01013500", "01022500", "02046000"], s.Ids);
        Assert.Equal(Path.GetFullPath(path), s.SourceFile);
    }

    [Fact]
    public void FromFile_RejectsBadId_NamingFileAndLine()
    {
        var path = WriteFile("01013500\n# ok\n0102250X\n");
        var e = Assert.Throws<DataException>(() => BasinSelection.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(3, e.Line);
        Assert.Contains($"{path}:3:", e.Message);
        Assert.Contains("0102250X", e.Message);
    }

    [Fact]
    public void FromFile_RejectsDuplicates_PointingAtBothLines()
    {
        var path = WriteFile("01013500\n01022500\n1013500\n");
        var e = Assert.Throws<DataException>(() => BasinSelection.FromFile(path));
        Assert.Equal(3, e.Line);
        Assert.Contains("first on line 1", e.Message);
    }

    [Fact]
    public void FromFile_MissingFile_SaysWhatWasExpected()
    {
        var e = Assert.Throws<DataException>(() => BasinSelection.FromFile("/nonexistent/basins.txt"));
        Assert.Contains("basin file not found", e.Message);
    }

    [Fact]
    public void FromIds_RejectsDuplicatesAndNonIds()
    {
        Assert.Contains("listed twice", Assert.Throws<DataException>(() => BasinSelection.FromIds(["01013500", "01013500"])).Message);
        Assert.Contains("not a USGS gauge id", Assert.Throws<DataException>(() => BasinSelection.FromIds(["abc"])).Message);
    }

    [Fact]
    public void Parse_TakesFileWhenItExists_ElseCommaSeparatedIds()
    {
        Assert.Equal(["01013500", "02046000"], BasinSelection.Parse("01013500, 2046000").Ids);
        Assert.Equal(19, BasinSelection.Parse(Path.Combine(DataPaths.CamelsSample, "basins.txt")).Count);
    }
}
