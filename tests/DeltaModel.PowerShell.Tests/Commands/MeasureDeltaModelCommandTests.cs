using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class MeasureDeltaModelCommandTests(ModuleSession session)
{
    [Fact]
    public void Simulations_GiveOneMetricsObjectPerBasin_WithEveryMetric()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} | Measure-DeltaModel");
        r.AssertClean();
        Assert.Equal(3, r.Output.Count);
        Assert.All(r.Output, o =>
        {
            var m = Assert.IsType<BasinMetricResult>(o.BaseObject);
            Assert.True(double.IsFinite(m.Nse) && double.IsFinite(m.Kge), m.ToString());
            Assert.Equal(m.Get("kge_12"), (double)o.Properties["kge_12"].Value);
        });
    }

    [Fact]
    public void WhereObject_FiltersOnMetricProperties()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} | Measure-DeltaModel | Where-Object rmse -ge 0");
        r.AssertClean();
        Assert.Equal(3, r.Output.Count);
    }
}
