using DeltaModel.Cli.Workspace;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>A data-root path survives what the command line does to it: trailing separators, a stray quote.</summary>
public sealed class DataRootValueTests
{
    static readonly string Base = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "dm-base"));

    [Theory]
    [InlineData("camels")]
    [InlineData("camels/")]
    [InlineData("camels\\")]
    [InlineData("camels\\\"")]      // -p:CamelsRoot="camels\" as Windows' command line delivers it: camels\"
    [InlineData(" \"camels/\" ")]
    [InlineData("camels//")]
    public void TrailingSeparatorsAndQuotes_AreCut_AndTheFolderIsMadeAbsolute(string value) =>
        Assert.Equal(Path.Combine(Base, "camels"), DataRootValue.Normalize(value, Base));

    [Fact]
    public void TheFileSystemRoot_KeepsItsSeparator() =>
        Assert.Equal(Path.GetPathRoot(Base), DataRootValue.Normalize(Path.GetPathRoot(Base), Base));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\"\"")]
    public void AnEmptyValue_IsNotGiven(string? value) => Assert.Null(DataRootValue.Normalize(value, Base));
}
