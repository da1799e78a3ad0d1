using System.Globalization;
using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data;

public class TextFieldsTests
{
    [Theory]
    [InlineData("-16.5")]
    [InlineData("41472.00")]
    [InlineData("0.1714")]
    [InlineData("-999.00")]
    [InlineData("3.12667898699521")]
    [InlineData("2260093113")]
    [InlineData(".5")]
    [InlineData("1e-3")]
    [InlineData("12345678901234567890.5")]
    public void TryParseNumber_GivesTheFrameworkParsersValue(string text)
    {
        Assert.True(TextFields.TryParseNumber(text, out double v));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), v);
    }

    [Fact]
    public void TryParseNumber_MatchesFrameworkParser_OnRandomDecimals()
    {
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            var text = (rng.NextDouble() * Math.Pow(10, rng.Next(-3, 9)) * (rng.Next(2) == 0 ? -1 : 1)).ToString("F" + rng.Next(0, 7), CultureInfo.InvariantCulture);
            Assert.True(TextFields.TryParseNumber(text, out double v));
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), v);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("NA")]
    public void TryParseNumber_RejectsNonNumbers(string text) => Assert.False(TextFields.TryParseNumber(text, out _));

    [Fact]
    public void Next_SplitsOnWhitespaceRuns_OrOnTheSeparator_KeepingEmptyFields()
    {
        var ws = new TextFields("1993 09 29 12\t41472.00");
        var got = new List<string>();
        while (ws.Next(out var f)) got.Add(f.ToString());
        Assert.Equal(["1993", "09", "29", "12", "41472.00"], got);

        var semi = new TextFields("01013500;;NA;", ';');
        got.Clear();
        while (semi.Next(out var f)) got.Add(f.ToString());
        Assert.Equal(["01013500", "", "NA", ""], got);
    }
}
