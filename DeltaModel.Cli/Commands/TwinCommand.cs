using System.CommandLine;
using DeltaModel.Application.Twins;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel twin photosynthesis --out DIR [--sites N] [--samples N] [--seed N]</c>: writes a synthetic twin
/// dataset (known parameters, noisy observations) in the generic layout (docs/photosynthesis.md).
/// </summary>
internal static class TwinCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write (time_series/, attributes/, sites.txt).", Required = true };
        var defaults = new PhotosynthesisTwinOptions();
        var sites = new Option<int>("--sites") { Description = "Synthetic sites.", DefaultValueFactory = _ => defaults.Sites };
        var samples = new Option<int>("--samples") { Description = "Measurement days per site.", DefaultValueFactory = _ => defaults.Samples };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw.", DefaultValueFactory = _ => defaults.Seed };
        var photosynthesis = new Command("photosynthesis",
            "Synthetic leaf gas exchange: sites with traits, a known trait → Vcmax25/g1 relation, FvCB–Medlyn observations with noise.")
        {
            output, sites, samples, seed,
        };
        photosynthesis.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = parse.GetValue(output)!.FullName;
            var files = PhotosynthesisTwin.Write(folder, new PhotosynthesisTwinOptions
            {
                Sites = parse.GetValue(sites), Samples = parse.GetValue(samples), Seed = parse.GetValue(seed),
            });
            Console.WriteLine($"{files.Count} files written in {folder} (synthetic: see docs/photosynthesis.md)");
            return 0;
        }));
        return new Command("twin", "Write a synthetic twin dataset (known truth) for a twin experiment.") { photosynthesis };
    }
}
