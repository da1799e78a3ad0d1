using System.CommandLine;
using DeltaModel.Models.Cases;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel physics &lt;case-folder&gt; [--out folder] [--float64] [--backend tensor|fused]</c>: runs a physics
/// reference case, writes its results, and prints the largest differences from <c>expected/</c> when present.
/// </summary>
internal static class PhysicsCommand
{
    public static Command Create()
    {
        var caseFolder = new Argument<string>("case-folder") { Description = "Case folder (case.json, forcings.csv, raw_nn_output.csv, expected/)." };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <case-folder>/out)." };
        var float64 = new Option<bool>("--float64") { Description = "Also run in float64 (outputs_float64.csv, dL_dtheta_float64_ref)." };
        var backend = new Option<string>("--backend") { Description = "Physics backend: tensor or fused.", DefaultValueFactory = _ => "tensor" };
        backend.AcceptOnlyFromAmong("tensor", "fused");
        var command = new Command("physics", "Run a physics reference case and compare it with its expected results.")
        {
            caseFolder, output, float64, backend,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = Path.GetFullPath(parse.GetValue(caseFolder)!);
            var outFolder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(folder, "out"));
            var (run32, run64, files) = PhysicsCaseRunner.RunAndWrite(folder, outFolder, parse.GetValue(float64), parse.GetValue(backend)!);
            Console.WriteLine($"wrote {files.Count} files to {outFolder}");
            Console.WriteLine(FormattableString.Invariant($"float32 forward+backward {run32.Seconds:F2} s, mass residual {run32.MassResidual:E1}") +
                (run64 is null ? "" : FormattableString.Invariant($"; float64 {run64.Seconds:F2} s, mass residual {run64.MassResidual:E1}")));
            var expected = Path.Combine(folder, "expected");
            if (!Directory.Exists(expected)) return 0;
            Console.WriteLine($"{"file",-26} {"column",-22} {"max |Δ|",12} {"max |expected|",15} {"relative",10}");
            foreach (var d in PhysicsCaseComparison.Compare(expected, outFolder))
                Console.WriteLine(FormattableString.Invariant(
                    $"{d.File,-26} {d.Column,-22} {d.MaxAbsDifference,12:E2} {d.MaxAbsExpected,15:G6} {d.Relative,10:E2}"));
            return 0;
        }));
        return command;
    }
}
