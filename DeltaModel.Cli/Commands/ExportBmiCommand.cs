using System.CommandLine;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel export-bmi &lt;model-folder&gt; --out &lt;dir&gt; [--data &lt;dataset&gt;] [--basin &lt;id&gt;]… [--library &lt;file&gt;]
/// [--start yyyy-MM-dd --end yyyy-MM-dd] [--one-config]</c>: a trained model as a deployment folder for NextGen's <c>bmi_c</c>
/// formulation (docs/bmi.md).
/// </summary>
internal static class ExportBmiCommand
{
    public static Command Create()
    {
        var modelFolder = new Argument<string>("model-folder") { Description = "A trained model folder (config.resolved.yaml, model/)." };
        var output = new Option<string>("--out") { Description = "Deployment folder to write.", Required = true };
        var data = new Option<string?>("--data") { Description = "Dataset folder for the basins' attributes and forcings (default: the model's own)." };
        var basins = new Option<string[]>("--basin") { Description = "Basin to write bmi_<id>.yaml and forcings_<id>.csv for (repeatable).", AllowMultipleArgumentsPerToken = true };
        var library = new Option<string?>("--library") { Description = "The NativeAOT-built library to copy in (dotnet publish DeltaModel.Bmi -r linux-x64 -p:PublishAot=true)." };
        var start = new Option<DateOnly?>("--start") { Description = "First day of the BMI run (default: the model's test period)." };
        var end = new Option<DateOnly?>("--end") { Description = "Last day of the BMI run." };
        var oneConfig = new Option<bool>("--one-config")
        {
            Description = $"Write one BMI config for all --basin ({BmiExport.OneConfigFileName}: one instance runs them on a points grid) instead of bmi_<id>.yaml per basin.",
        };
        var command = new Command("export-bmi", "Export a trained model for NextGen: weights, deployment manifest, BMI config and forcing file per basin, native library.")
        {
            modelFolder, output, data, basins, library, start, end, oneConfig,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var (first, last) = (parse.GetValue(start), parse.GetValue(end));
            if (first.HasValue != last.HasValue) throw new ArgumentException("give both --start and --end, or neither.");
            var period = first is { } s && last is { } e ? new PeriodConfig { Start = s, End = e } : null;
            var files = BmiExport.Export(new BmiExport.Request(parse.GetValue(modelFolder)!, Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(data),
                parse.GetValue(basins) ?? [], parse.GetValue(library), period, parse.GetValue(oneConfig)), Console.WriteLine);
            Console.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(parse.GetValue(output)!)}");
            if (parse.GetValue(library) is null)
                Console.WriteLine($"no --library: build it with 'dotnet publish DeltaModel.Bmi -c Release -r linux-x64 -p:PublishAot=true' and copy it in as {BmiExport.LibraryFileName}.");
            return 0;
        }));
        return command;
    }
}
