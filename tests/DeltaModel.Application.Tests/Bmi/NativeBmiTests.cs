using System.Globalization;
using DeltaModel.Bmi.Deployment;
using DeltaModel.Models.States;
using Xunit.Abstractions;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// The exported model as NextGen's <c>bmi_c</c> formulation uses it: the NativeAOT library (no libtorch, no .NET
/// runtime installed) dlopen-ed by a C program (<c>bmi_driver.c</c>, compiled here with the system compiler) that
/// registers, initializes for one sample basin, sets the forcings and reads the streamflow every day for two years,
/// compares it with the batch run, then checks that misuse returns BMI_FAILURE with a message; then both basins in one
/// instance (a points grid: grid functions, N values per get_value, against the batch run), its final_state started from
/// the day after, and a bad initial_state.
/// </summary>
[Collection(BmiModelCollection.Name)]
public class NativeBmiTests(BmiModelFixture model, NativeBmiLibrary native, ITestOutputHelper log) : IClassFixture<NativeBmiLibrary>
{
    [SkippableFact]
    public void A_c_program_runs_the_exported_library_like_ngen_and_gets_the_batch_streamflow()
    {
        Skip.If(native.Missing is not null, native.Missing);
        Assert.True(native.Library is not null, $"NativeAOT publish failed:\n{native.PublishError}");
        var basin = BmiModelFixture.Basins[0];
        var work = native.Folder;
        var driver = Path.Combine(work, "bmi_driver");
        var source = Path.Combine(TinyExperiment.RepoRoot, "tests", "DeltaModel.Application.Tests", "Bmi", "bmi_driver.c");
        var include = Path.Combine(TinyExperiment.RepoRoot, "DeltaModel.Bmi", "include");
        var (cc, ccOutput) = NativeBmiLibrary.Run(native.Compiler!, ["-std=c11", "-D_POSIX_C_SOURCE=199309L", "-Wall", "-Werror", "-I", include, "-o", driver, source, "-ldl", "-lm"]);
        Assert.True(cc == 0, $"compiling bmi_driver.c failed:\n{ccOutput}");

        // The forcings NextGen would provide, in the declared units (mm s-1, K), from the basin's forcing file.
        var forcings = ForcingFile.Read(Path.Combine(model.Deployment, $"forcings_{basin}.csv"));
        var columns = forcings.Columns(["prcp", "tmean", "pet"]);
        var inputs = Path.Combine(work, "inputs.txt");
        File.WriteAllLines(inputs, Enumerable.Range(0, model.Expected[basin].Length).Select(t =>
        {
            var d = forcings.On(BmiModelFixture.Start.AddDays(t), columns)!;
            return string.Create(CultureInfo.InvariantCulture, $"{d[0] / 86400:R} {d[1] + 273.15:R} {d[2] / 86400:R}");
        }));
        var expected = Path.Combine(work, "expected.txt");
        File.WriteAllLines(expected, model.Expected[basin].Select(q => q.ToString("R", CultureInfo.InvariantCulture)));
        var bad = Path.Combine(work, "bad.yaml");
        File.WriteAllText(bad, "model: [unclosed\n");

        // Both basins in one instance (export-bmi --one-config), forcings from their files, and a config whose state file is not one.
        var pointsExpected = Path.Combine(work, "points-expected.txt");
        File.WriteAllLines(pointsExpected, Enumerable.Range(0, model.Expected[basin].Length).Select(t =>
            string.Join(' ', BmiModelFixture.Basins.Select(b => model.Expected[b][t].ToString("R", CultureInfo.InvariantCulture)))));
        var notAState = Path.Combine(work, "not-a-state.dmstate");
        File.WriteAllText(notAState, "stores: 1\n");
        var badState = model.DerivedConfig(model.OneConfig, "bad-state.yaml", BmiModelFixture.Start, BmiModelFixture.End, $"initial_state: {notAState}");
        // The state the library writes at finalize, and a run the day after that starts from it (the library's reader).
        var finalState = Path.Combine(work, "points-final.dmstate");
        var points = model.DerivedConfig(model.OneConfig, "points-native.yaml", BmiModelFixture.Start, BmiModelFixture.End, $"final_state: {finalState}");
        var next = BmiModelFixture.End.AddDays(1);
        var continued = model.DerivedConfig(model.OneConfig, "continue-native.yaml", next, next, $"initial_state: {finalState}");

        var (code, output) = NativeBmiLibrary.Run(driver, [native.Library!, model.ConfigOf(basin), inputs, expected, bad, points, pointsExpected, badState, continued]);
        log.WriteLine(output);                                           // the driver's measurements, for the log
        Assert.True(code == 0, $"bmi_driver exited with {code}:\n{output}");
        Assert.Contains("failures=0", output);
        Assert.Contains($"days={model.Expected[basin].Length}", output);
        Assert.Contains("points grid=0 type=points rank=2 size=2 nodes=2 nbytes=16", output);
        Assert.Contains($"points days={model.Expected[basin].Length}", output);
        Assert.Equal(BmiModelFixture.End, ModelStateFile.ReadDate(finalState));       // the library's state file, read by the batch side
        foreach (var failure in new[] { "update past the end time", "finalize twice", "get_value of an unknown variable", "initialize with a malformed config", "initialize with a bad initial_state" })
            Assert.Contains($"expected_failure {failure}: status=1", output);
    }
}
