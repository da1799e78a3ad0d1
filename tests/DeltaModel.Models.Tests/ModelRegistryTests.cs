using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.HbvFamily;

namespace DeltaModel.Models.Tests;

public class ModelRegistryTests
{
    [Theory]
    [InlineData("hbv", typeof(Hbv))]
    [InlineData("hbv_1_0", typeof(Hbv))]
    [InlineData("HBV_1_1P", typeof(Hbv11p))]
    [InlineData("Hbv_1_1p", typeof(Hbv11p))]
    [InlineData("hbv_2_0", typeof(Hbv2))]
    [InlineData("HBV_2", typeof(Hbv2))]
    public void CreatePhysics_ResolvesNamesCaseInsensitively(string name, Type type) =>
        Assert.IsType(type, ModelRegistry.CreatePhysics(name, new PhysicsOptions()));

    [Fact]
    public void CreatePhysics_UnknownName_SuggestsClosestAndListsAll()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.CreatePhysics("hbv_11p", new PhysicsOptions()));
        Assert.Contains("did you mean 'hbv_1_1p'", e.Message);
        Assert.Contains("available: hbv, hbv_1_0, hbv_1_1p", e.Message);
    }

    [Fact]
    public void CreatePhysics_BadBackend_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Backend = "fuzed" }));
        Assert.Contains("backend", e.Message);
        Assert.Contains("did you mean 'fused'", e.Message);
    }
}
