using System.Management.Automation;
using DeltaModel.Models;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class GetDeltaPhysicsModelCommandTests(ModuleSession session)
{
    [Fact]
    public void ListsEveryRegisteredModel()
    {
        var r = session.Run("Get-DeltaPhysicsModel");
        r.AssertClean();
        Assert.Equal(ModelRegistry.PhysicsNames.Order(), r.Output.Select(o => ((PhysicsModelInfo)o.BaseObject).Name).Order());
    }

    [Fact]
    public void Parameter_ListsBoundsAndUnits()
    {
        var r = session.Run("Get-DeltaPhysicsModel hbv_1_1p -Parameter");
        r.AssertClean();
        var rows = r.Output.Select(o => Assert.IsType<PhysicsParameterInfo>(o.BaseObject)).ToList();
        var fc = Assert.Single(rows, p => p.Name == "parFC");
        Assert.Equal(("mm", 50.0, 1000.0), (fc.Unit, fc.Lower, fc.Upper));
        Assert.Contains(rows, p => p.Routing && !p.CanBeDynamic);
    }

    [Fact]
    public void UnknownName_IsANonTerminatingObjectNotFound()
    {
        var r = session.Run("Get-DeltaPhysicsModel nope, hbv");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("PhysicsModelNotFound,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Single(r.Output);
    }
}
