using DeltaModel.Bmi;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// The BMI in C# (<see cref="DeltaBmi"/> over the plain-C# engine, no TorchSharp) driven directly: the same streamflow
/// as the TorchSharp batch run of the exported model, unit conversions of the inputs, and each misuse a clear
/// <see cref="BmiException"/>.
/// </summary>
[Collection(BmiModelCollection.Name)]
public class DeltaBmiTests(BmiModelFixture fixture)
{
    /// <summary>
    /// float32 in both engines, summed in other orders (gemm blocks against dot products, component means), chained over
    /// the LSTM's and the stores' days: the bound, 1e-4 of the largest streamflow, is ≈ 800 ε(float32).
    /// </summary>
    const double Relative = 1e-4;

    [Theory]
    [InlineData("01013500")]
    [InlineData("01022500")]
    public void Streamflow_equals_the_batch_run_over_two_years(string basin)
    {
        var bmi = new DeltaBmi();
        bmi.Initialize(fixture.ConfigOf(basin));
        var expected = fixture.Expected[basin];
        Assert.Equal(expected.Length * 86400.0, bmi.GetEndTime());
        var q = new double[1];
        double maxDifference = 0;
        for (int t = 0; t < expected.Length; t++)
        {
            bmi.Update();                                            // forcings from the basin's forcing file
            bmi.GetValue("streamflow", q);
            maxDifference = Math.Max(maxDifference, Math.Abs(q[0] - expected[t]));
        }
        double scale = expected.Max(Math.Abs);
        Assert.True(maxDifference <= Relative * scale, $"{basin}: streamflow differs by {maxDifference:E2} mm/d, more than {Relative:E0} × {scale:F3}.");
        Assert.Equal(bmi.GetEndTime(), bmi.GetCurrentTime());
        bmi.FinalizeModel();
    }

    [Fact]
    public void Inputs_in_csdms_units_are_converted_and_outputs_derive_from_streamflow()
    {
        var reference = new DeltaBmi();
        reference.Initialize(fixture.ConfigOf(BmiModelFixture.Basins[0]));
        reference.Update();                                          // reads the file's first day, shows it in the inputs' units
        double[] precipitation = [0], temperature = [0], pet = [0];
        reference.GetValue("atmosphere_water__liquid_equivalent_precipitation_rate", precipitation);
        reference.GetValue("land_surface_air__temperature", temperature);
        reference.GetValue("water_potential_evaporation_flux", pet);
        Assert.InRange(temperature[0], 230, 320);                   // kelvin, not °C

        var bmi = new DeltaBmi();
        bmi.Initialize(fixture.ConfigOf(BmiModelFixture.Basins[0]));
        bmi.SetValue("atmosphere_water__liquid_equivalent_precipitation_rate", precipitation);
        bmi.SetValue("land_surface_air__temperature", temperature);
        bmi.SetValue("water_potential_evaporation_flux", pet);
        bmi.Update();
        double[] q = [0], reference_q = [0], volume = [0], depth = [0];
        bmi.GetValue("streamflow", q);
        reference.GetValue("streamflow", reference_q);
        Assert.Equal(reference_q[0], q[0], 1e-9);                   // the same day through set_value
        bmi.GetValue("land_surface_water__runoff_volume_flux", volume);
        bmi.GetValue("land_surface_water__runoff_depth", depth);
        Assert.Equal(q[0] / 1000, depth[0], 1e-12);
        Assert.True(volume[0] > 0);

        // A very wet day is felt: more water than from the file.
        bmi.SetValue("atmosphere_water__liquid_equivalent_precipitation_rate", [100.0 / 86400]);
        reference.Update();
        bmi.Update();
        double[] wet = [0], dry = [0];
        bmi.GetValue("SM", wet);
        reference.GetValue("SM", dry);
        Assert.True(wet[0] > dry[0], $"soil moisture after 100 mm: {wet[0]} vs {dry[0]}");
    }

    [Fact]
    public void Variables_units_and_grid_describe_one_catchment()
    {
        var bmi = new DeltaBmi();
        bmi.Initialize(fixture.ConfigOf(BmiModelFixture.Basins[0]));
        Assert.Equal(["atmosphere_water__liquid_equivalent_precipitation_rate", "land_surface_air__temperature", "water_potential_evaporation_flux"],
            bmi.GetInputVarNames());
        Assert.Equal(3, bmi.GetInputItemCount());
        var outputs = bmi.GetOutputVarNames();
        Assert.Equal(outputs.Length, bmi.GetOutputItemCount());
        Assert.Contains("AET_hydro", outputs);
        Assert.Contains("SWE", outputs);
        Assert.Equal("m3 s-1", bmi.GetVarUnits("land_surface_water__runoff_volume_flux"));
        Assert.Equal("mm s-1", bmi.GetVarUnits("atmosphere_water__liquid_equivalent_precipitation_rate"));
        Assert.Equal("mm", bmi.GetVarUnits("SM"));
        Assert.Equal(("double", 8, 8, "node", 0), (bmi.GetVarType("SM"), bmi.GetVarItemsize("SM"), bmi.GetVarNbytes("SM"), bmi.GetVarLocation("SM"), bmi.GetVarGrid("SM")));
        Assert.Equal((0, 1, "scalar", 1), (bmi.GetGridRank(0), bmi.GetGridSize(0), bmi.GetGridType(0), bmi.GetGridNodeCount(0)));
        Assert.Equal(("s", 86400.0, 0.0), (bmi.GetTimeUnits(), bmi.GetTimeStep(), bmi.GetStartTime()));
        bmi.UpdateUntil(3 * 86400.0);
        Assert.Equal(3 * 86400.0, bmi.GetCurrentTime());
        double[] at = [0];
        bmi.GetValueAtIndices("SM", at, [0]);
        Assert.Equal(bmi.GetValuePtr("SM")[0], at[0]);
    }

    [Fact]
    public void Each_misuse_is_a_bmi_exception_saying_what_is_wrong()
    {
        var folder = Directory.CreateTempSubdirectory("deltamodel-bmi-config-").FullName;
        try
        {
            var config = File.ReadAllText(fixture.ConfigOf(BmiModelFixture.Basins[0])).Replace("model: .", $"model: {fixture.Deployment}")
                .Replace("forcing_file: ", $"forcing_file: {fixture.Deployment}/");
            string Write(string name, string text) { var p = Path.Combine(folder, name); File.WriteAllText(p, text); return p; }
            Assert.Contains("time_step 3600", Error(b => b.Initialize(Write("hourly.yaml", config.Replace("time_step: 86400", "time_step: 3600")))));
            Assert.Contains("unknown key 'colour'", Error(b => b.Initialize(Write("unknown.yaml", config + "colour: blue\n"))));
            Assert.Contains("line", Error(b => b.Initialize(Write("unknown2.yaml", config + "colour: blue\n"))));
            Assert.Contains("attribute 'aridity' is missing", Error(b => b.Initialize(Write("attributes.yaml",
                string.Join('\n', config.Split('\n').Where(l => !l.TrimStart().StartsWith("aridity:", StringComparison.Ordinal)))))));
            Assert.Contains("not found", Error(b => b.Initialize(Path.Combine(folder, "none.yaml"))));
            Assert.Contains("not initialized", Error(b => b.Update()));

            var bmi = new DeltaBmi();
            bmi.Initialize(Write("good.yaml", config));
            Assert.Contains("unknown variable 'runoff'", Error(bmi, b => b.GetValue("runoff", new double[1])));
            Assert.Contains("the buffer holds 0", Error(bmi, b => b.GetValue("SM", Span<double>.Empty)));
            Assert.Contains("only inputs can be set", Error(bmi, b => b.SetValue("SM", [1.0])));
            Assert.Contains("index 3", Error(bmi, b => b.GetValueAtIndices("SM", new double[1], [3])));
            Assert.Contains("whole days", Error(bmi, b => b.UpdateUntil(3600)));
            Assert.Contains("scalar", Error(bmi, b => b.GetGridShape(0, new int[1])));
            bmi.UpdateUntil(bmi.GetEndTime());
            Assert.Contains("past the end time", Error(bmi, b => b.Update()));
            bmi.FinalizeModel();
            Assert.Contains("finalize called twice", Error(bmi, b => b.FinalizeModel()));
            Assert.Contains("finalized", Error(bmi, b => b.GetCurrentTime()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static string Error(Action<DeltaBmi> call) => Error(new DeltaBmi(), call);

    static string Error(DeltaBmi bmi, Action<DeltaBmi> call) => Assert.Throws<BmiException>(() => call(bmi)).Message;
}
