using System.Text.Json;
using DeltaModel.Models.Cases;
using Xunit.Abstractions;

namespace DeltaModel.Models.Tests.Cases;

/// <summary>Parity with the Python original on the shared reference cases (tolerances from the fixtures README).</summary>
public class PhysicsCaseRunnerTests(ITestOutputHelper log)
{
    /// <summary><c>&lt;repo&gt;/../shared/fixtures/hbv</c>, found from the test binary upwards.</summary>
    internal static string CasesRoot() => Path.Combine(TestData.Shared, "fixtures", "hbv");

    public static TheoryData<string, string> CasesAndBackends()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(CasesRoot()).Where(d => File.Exists(Path.Combine(d, "case.json"))).Order())
            foreach (var backend in new[] { "tensor", "fused" }) data.Add(Path.GetFileName(dir), backend);
        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndBackends))]
    public void Run_MatchesExpected_Float32AndFloat64(string caseName, string backend)
    {
        var folder = Path.Combine(CasesRoot(), caseName);
        var outDir = Path.Combine(Path.GetTempPath(), $"deltamodel-case-{caseName}-{backend}-{Guid.NewGuid():N}");
        try
        {
            var (run32, run64, _) = PhysicsCaseRunner.RunAndWrite(folder, outDir, float64: true, backend);
            var diffs = PhysicsCaseComparison.Compare(Path.Combine(folder, "expected"), outDir);
            foreach (var d in diffs) log.WriteLine($"{d.File} {d.Column}: max |Δ| {d.MaxAbsDifference:E2} (max |expected| {d.MaxAbsExpected:G6})");
            Assert.Contains(diffs, d => d.File == "outputs_float64.csv");
            Assert.Contains(diffs, d => d.File == "grads_raw_nn_output.csv");

            foreach (var d in diffs.Where(d => d.File == "outputs_float64.csv"))
                Assert.True(d.MaxAbsDifference <= 1e-10 * Math.Max(1, d.MaxAbsExpected), $"{d.File} {d.Column}: {d.MaxAbsDifference:E2}");
            foreach (var d in diffs.Where(d => d.File == "outputs.csv"))
            {
                double tol = d.Column.StartsWith("streamflow") || d.Column.EndsWith("flow") || d.Column.EndsWith("_no_rout") ? 2e-5 : 2e-4;
                Assert.True(d.MaxAbsDifference <= tol, $"{d.File} {d.Column}: {d.MaxAbsDifference:E2} > {tol:E0}");
            }
            foreach (var d in diffs.Where(d => d.File is "final_states.csv" or "warmup_end_states.csv"))
                Assert.True(d.MaxAbsDifference <= 2e-4, $"{d.File} {d.Column}: {d.MaxAbsDifference:E2}");
            foreach (var d in diffs.Where(d => d.File == "uh_weights.csv"))
                Assert.True(d.MaxAbsDifference <= 1e-6, $"{d.File} {d.Column}: {d.MaxAbsDifference:E2}");

            // Gradients: ≤ 1e-4 of the largest gradient of the file (float32); float64 reference to 1e-9 of it.
            foreach (var file in new[] { "grads_theta.csv", "grads_raw_nn_output.csv" })
            {
                var cols = diffs.Where(d => d.File == file && d.Column != "n_steps_with_grad" && d.Column != "component").ToList();
                double scale = cols.Max(d => d.MaxAbsExpected);
                foreach (var d in cols)
                {
                    double tol = d.Column == "dL_dtheta_float64_ref" ? 1e-9 : 1e-4;
                    Assert.True(d.MaxAbsDifference <= tol * scale, $"{file} {d.Column}: {d.MaxAbsDifference:E2} > {tol:E0}·{scale:G4}");
                }
            }
            Assert.All(diffs.Where(d => d.Column == "n_steps_with_grad"), d => Assert.Equal(0, d.MaxAbsDifference));

            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
            double bfi = doc.RootElement.GetProperty("BFI").GetDouble();
            Assert.Equal(bfi, run32.Scalars.Single(s => s.Name == "BFI").Value, 3);
            if (doc.RootElement.TryGetProperty("float64_check", out var f64) && f64.TryGetProperty("BFI_f64", out var bfi64))
                Assert.Equal(bfi64.GetDouble(), run64!.Scalars.Single(s => s.Name == "BFI").Value, 9);
            Assert.True(run64!.MassResidual < 1e-12, $"float64 mass residual {run64.MassResidual:E2}");
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingFolder_SaysSo()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => PhysicsCase.Load("/nonexistent/case"));
        Assert.Contains("/nonexistent/case", e.Message);
    }
}
