using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;

namespace DeltaModel.Core.Tests.Data;

public class DatasetSummaryTests
{
    [Fact]
    public void Render_ListsBasinsPeriodUnitsMissingAndAttributes()
    {
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, new CamelsUsOptions
        {
            ForcingSource = "nldas", Basins = BasinSelection.FromIds(["01022500", "01013500"]),
            Period = DatePeriod.Parse("2013-10-01..2013-10-03"), Attributes = ["p_mean", "dom_land_cover"], Pet = "oudin",
        });
        var summary = DatasetSummary.Of(d);
        // 01013500's streamflow ends 2013-10-01, so 2 of 6 basin-days are missing.
        Assert.Equal(100.0 * 2 / 6, summary.Variables.Single(v => v.Name == "streamflow").MissingPercent, 6);
        var text = summary.Render();
        Assert.Contains("Basins      2: 01022500 01013500", text);
        Assert.Contains("2013-10-01..2013-10-03 (3 days)", text);
        Assert.Matches(@"streamflow\*\s+mm/d\s+33\.3 %", text);
        Assert.Matches(@"pet\s+mm/d\s+0\.0 %", text);
        Assert.Contains("dom_land_cover", text);
        Assert.Contains("categories", text);
    }
}
