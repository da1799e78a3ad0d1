using DeltaModel.Reporting.Sweeps;

namespace DeltaModel.Cli.Tests.Reporting;

public sealed class SweepSpecTests
{
    [Theory]
    [InlineData("seed=1,2;model.nn.hidden_size=64,128")]
    [InlineData("seed=1,2|model.nn.hidden_size=64,128")]
    public void Parse_ExpandsTheGrid_FirstKeySlowest(string spec)
    {
        var ids = SweepSpec.Parse(spec).Members().Select(m => m.Id).ToList();
        Assert.Equal(["seed=1,model.nn.hidden_size=64", "seed=1,model.nn.hidden_size=128",
                      "seed=2,model.nn.hidden_size=64", "seed=2,model.nn.hidden_size=128"], ids);
    }

    [Fact]
    public void Member_GivesSetArguments_AndReadsBackFromItsId()
    {
        var m = SweepSpec.Parse("seed=7|train.loss.name=nse_batch").Members().Single();
        Assert.Equal("--set seed=7 --set train.loss.name=nse_batch", m.RunArguments);
        Assert.Equal(m.Settings, SweepMember.FromId(m.Id).Settings);
    }

    [Fact]
    public void Read_AcceptsSweepYaml()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "seed: [1, 2, 3]\nmodel.nn.hidden_size: 64\n");
            Assert.Equal(3, SweepSpec.Read(path).Members().Count);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("=1,2")]
    [InlineData("seed=1;seed=2")]
    [InlineData("model.nn.hidden size=64")]
    public void Parse_RejectsMalformedSpecs_NamingTheProblem(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => SweepSpec.Parse(spec));
        Assert.Contains("sweep", e.Message);
    }
}
