using DeltaModel.Bmi;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// Several catchments in one <see cref="DeltaBmi"/> (<c>basins:</c>, written by <c>export-bmi --one-config</c>): every
/// variable on a points grid of one node per basin, in the configuration's order, with the same numbers as one
/// instance per basin; the grid functions as BMI 2.0 has them for points; per-basin setting of inputs.
/// </summary>
[Collection(BmiModelCollection.Name)]
public class DeltaBmiPointsGridTests(BmiModelFixture fixture)
{
    [Fact]
    public void Two_basins_in_one_instance_give_what_one_instance_per_basin_gives_over_two_years()
    {
        var both = new DeltaBmi();
        both.Initialize(fixture.OneConfig);
        var single = BmiModelFixture.Basins.Select(b => { var m = new DeltaBmi(); m.Initialize(fixture.ConfigOf(b)); return m; }).ToArray();
        var names = both.GetOutputVarNames();
        Assert.Equal(single[0].GetOutputVarNames(), names);
        Assert.Equal(single[0].GetEndTime(), both.GetEndTime());
        int days = (int)(both.GetEndTime() / both.GetTimeStep());
        Assert.True(days >= 365, $"{days} days");
        var vector = new double[2];
        var scalar = new double[1];
        for (int t = 0; t < days; t++)
        {
            both.Update();
            foreach (var s in single) s.Update();
            foreach (var name in names)
            {
                both.GetValue(name, vector);
                for (int b = 0; b < single.Length; b++)
                {
                    single[b].GetValue(name, scalar);
                    // Each basin is its own model run in both cases: the same float32 operations, so the same bits.
                    Assert.True(vector[b] == scalar[0], $"day {t}, {name}, basin {BmiModelFixture.Basins[b]}: {vector[b]} in the points grid, {scalar[0]} alone");
                }
            }
        }
        both.GetValue("streamflow", vector);
        Assert.NotEqual(vector[0], vector[1]);                       // two basins, not one copied
    }

    [Fact]
    public void The_points_grid_has_one_node_per_basin_at_its_gauge()
    {
        var bmi = new DeltaBmi();
        bmi.Initialize(fixture.OneConfig);
        int grid = bmi.GetVarGrid("streamflow");
        Assert.Equal(("points", 2, 2, 2), (bmi.GetGridType(grid), bmi.GetGridRank(grid), bmi.GetGridSize(grid), bmi.GetGridNodeCount(grid)));
        Assert.Equal((0, 0), (bmi.GetGridEdgeCount(grid), bmi.GetGridFaceCount(grid)));
        Assert.Equal((8, 16), (bmi.GetVarItemsize("streamflow"), bmi.GetVarNbytes("streamflow")));
        Assert.Equal(16, bmi.GetVarNbytes("land_surface_air__temperature"));
        Assert.Equal(2, bmi.GetValuePtr("SM").Length);

        var config = BmiConfig.Read(fixture.OneConfig);
        Assert.Equal(BmiModelFixture.Basins, config.Basins.Select(b => b.Id));
        double[] x = new double[2], y = new double[2];
        bmi.GetGridX(grid, x);
        bmi.GetGridY(grid, y);
        Assert.Equal(config.Basins.Select(b => b.Longitude!.Value), x);
        Assert.Equal(config.Basins.Select(b => b.Latitude!.Value), y);
        Assert.All(x, v => Assert.InRange(v, -80, -60));              // New England gauges: west longitude, north latitude
        Assert.All(y, v => Assert.InRange(v, 40, 50));
        Assert.Contains("points: 2 catchments", Assert.Throws<BmiException>(() => bmi.GetGridShape(grid, new int[1])).Message);
        Assert.Contains("get_grid_z", Assert.Throws<BmiException>(() => bmi.GetGridZ(grid, new double[2])).Message);

        bmi.Update();
        double[] at = new double[1];
        bmi.GetValueAtIndices("SM", at, [1]);
        Assert.Equal(bmi.GetValuePtr("SM")[1], at[0]);
        Assert.Contains("index 2", Assert.Throws<BmiException>(() => bmi.GetValueAtIndices("SM", at, [2])).Message);
    }

    [Fact]
    public void An_input_set_at_one_index_changes_that_basin_only()
    {
        var wet = new DeltaBmi();
        wet.Initialize(fixture.OneConfig);
        var dry = new DeltaBmi();
        dry.Initialize(fixture.OneConfig);
        wet.SetValueAtIndices("atmosphere_water__liquid_equivalent_precipitation_rate", [1], [100.0 / 86400]);
        wet.Update();
        dry.Update();
        double[] w = new double[2], d = new double[2], p = new double[2];
        wet.GetValue("SM", w);
        dry.GetValue("SM", d);
        Assert.Equal(d[0], w[0]);                                    // basin 0 read its forcing file
        Assert.True(w[1] > d[1], $"soil moisture of basin 1 after 100 mm: {w[1]} vs {d[1]}");
        wet.GetValue("atmosphere_water__liquid_equivalent_precipitation_rate", p);
        Assert.Equal(100.0 / 86400, p[1]);
        Assert.Contains("basin 01013500", Assert.Throws<BmiException>(() => wet.SetValue("land_surface_air__temperature", [double.NaN, 280])).Message);
    }

    [Fact]
    public void Configs_of_several_basins_are_checked_and_missing_coordinates_are_a_clear_failure()
    {
        var text = File.ReadAllText(fixture.OneConfig);
        string Write(string name, string content) { var p = Path.Combine(fixture.Deployment, name); File.WriteAllText(p, content); return p; }
        string Error(string config) => Assert.Throws<BmiException>(() => new DeltaBmi().Initialize(config)).Message;

        Assert.Contains("'area_km2' beside 'basins'", Error(Write("mixed.yaml", text.Replace("basins:\n", "area_km2: 3\nbasins:\n"))));
        Assert.Contains("listed twice", Error(Write("twice.yaml", text.Replace(BmiModelFixture.Basins[1], BmiModelFixture.Basins[0]))));
        Assert.Contains("unknown key 'basins[].colour'", Error(Write("unknown.yaml", text.Replace("    area_km2:", "    colour: blue\n    area_km2:"))));
        Assert.Contains("latitude must be in degrees", Error(Write("latitude.yaml", string.Join('\n', text.Split('\n').Select(l =>
            l.TrimStart().StartsWith("latitude:", StringComparison.Ordinal) ? "    latitude: 123" : l)))));

        var noCoordinates = Write("no-coordinates.yaml", string.Join('\n', text.Split('\n').Where(l =>
            !l.TrimStart().StartsWith("latitude:", StringComparison.Ordinal) && !l.TrimStart().StartsWith("longitude:", StringComparison.Ordinal))));
        var bmi = new DeltaBmi();
        bmi.Initialize(noCoordinates);
        var message = Assert.Throws<BmiException>(() => bmi.GetGridX(0, new double[2])).Message;
        Assert.Contains($"basin {BmiModelFixture.Basins[0]} (node 0) has no longitude", message);
        Assert.Contains("no-coordinates.yaml", message);
        Assert.Equal(2, bmi.GetGridSize(0));                         // the grid is there; only its coordinates are not
    }
}
