using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;

namespace DeltaModel.Core.Tests.Data;

public class CamelsAttributeTableTests
{
    static readonly CamelsAttributeTable full = CamelsAttributeTable.Load(DataPaths.FullAttributes);

    [Fact]
    public void Load_JoinsAllTables_ForAll671Basins()
    {
        Assert.Equal(671, full.Basins.Count);
        Assert.Equal(2252.7, full.Value("01013500", "area_gages2"), 6);
        Assert.Equal(3.12667898699521, full.Value("01013500", "p_mean"), 12);
    }

    [Fact]
    public void Attribute_AcceptsPorosityAlias_ForTheHeadersTypo()
    {
        var a = full.Attribute("geol_porosity", ["01013500"]);
        Assert.Equal("geol_porosity", a.Name);
        Assert.Equal(0.1714, a.Values[0], 6);
        Assert.Equal(0.1714, full.Attribute("geol_porostiy", ["01013500"]).Values[0], 6);
    }

    [Fact]
    public void Attribute_KeepsCategories_ForTextColumns()
    {
        var a = full.Attribute("dom_land_cover", ["01013500"]);
        Assert.NotNull(a.Categories);
        Assert.Equal("Mixed Forests", a.Categories![(int)a.Values[0]]);
        var timing = full.Attribute("high_prec_timing", ["01013500"]);
        Assert.Equal("son", timing.Categories![(int)timing.Values[0]]);
    }

    [Fact]
    public void Attribute_MissingCellsAreNaN()
    {
        // camels_vege.txt writes root_depth_50 of 01013500 as NA.
        Assert.True(double.IsNaN(full.Value("01013500", "root_depth_50")));
    }

    [Fact]
    public void Attribute_UnknownName_SuggestsTheClosest()
    {
        var e = Assert.Throws<DataException>(() => full.Attribute("aridty", ["01013500"]));
        Assert.Contains("did you mean 'aridity'", e.Message);
    }

    [Fact]
    public void Attribute_UnknownBasin_NamesTheFolder()
    {
        var partial = CamelsAttributeTable.Load(Path.Combine(DataPaths.Cuahsi, "camels_attributes_v2.0"));
        var e = Assert.Throws<DataException>(() => partial.Attribute("p_mean", ["01022500"]));
        Assert.Contains("01022500", e.Message);
        Assert.Contains(partial.Folder, e.Message);
    }

    [Fact]
    public void Load_MalformedRow_NamesFileAndLine()
    {
        var dir = DataPaths.TempFolder();
        var file = Path.Combine(dir, "camels_topo.txt");
        File.WriteAllText(file, "gauge_id;gauge_lat;area_gages2\n01013500;47.2;2252.7\n01022500;44.6\n");
        var e = Assert.Throws<DataException>(() => CamelsAttributeTable.Load(dir));
        Assert.Equal(file, e.FilePath);
        Assert.Equal(3, e.Line);
    }
}
