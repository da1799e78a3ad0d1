using DeltaModel.Cli.Workspace;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>requires.txt and skip.txt, the build-only files beside an experiment.yaml.</summary>
public sealed class ExperimentOptOutsTests
{
    [Fact]
    public void Requires_ReadsOnePropertyPerLine_IgnoringBlanksCommentsCaseAndRepeats()
    {
        var properties = ExperimentOptOuts.ParseRequires("requires.txt", ["# the full dataset", "", "  CamelsRoot  ", "camelsroot # again", "CaravanRoot"]);
        Assert.Equal([DataRootProperty.CamelsRoot, DataRootProperty.CaravanRoot], properties);
    }

    [Fact]
    public void Requires_UnknownProperty_IsAnError_NamingFileLineValueAndTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => ExperimentOptOuts.ParseRequires("x/requires.txt", ["CamelsRoot", "CamelRoot"]));
        Assert.Equal("x/requires.txt:2: 'CamelRoot' is not a data-root property; expected one per line of CamelsRoot, CaravanRoot.", e.Message);
    }

    [Fact]
    public void Read_AnEmptySkipTxt_StillSkips_AndNoFilesMeanNoOptOuts()
    {
        using var scratch = new ScratchExperiments();
        var dir = scratch.Add("a", "  path: .\n", skip: "\n");
        Assert.Equal("skip.txt gives no reason", ExperimentOptOuts.Read(dir).SkipReason);
        var plain = ExperimentOptOuts.Read(scratch.Add("b", "  path: .\n"));
        Assert.Equal((null, 0), (plain.SkipReason, plain.Requires.Count));
    }
}
