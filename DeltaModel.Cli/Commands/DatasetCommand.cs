using System.CommandLine;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel dataset &lt;root&gt;</c>: loads a dataset folder of any registered format with the given selection and prints
/// <see cref="DatasetSummary"/>, so that a data problem (wrong folder, missing basin, gaps) shows before any training.
/// </summary>
internal static class DatasetCommand
{
    /// <summary>The experiment file's defaults (<see cref="DataConfig"/>), so that this verb, a config and Import-HydroDataset load the same data when nothing is given.</summary>
    static readonly DataConfig defaults = new() { Path = "" };

    public static Command Create()
    {
        var root = new Argument<string>("root") { Description = "Dataset folder: raw CAMELS-US (basin_mean_forcing/, usgs_streamflow/) the official Caravan release (timeseries/csv/ or timeseries/netcdf/, attributes/), NeuralHydrology's generic layout (time_series/, attributes/) or the headerless Caravan-CAMELS copy (catchments.csv)." };
        var format = new Option<string?>("--format") { Description = $"Dataset layout: {string.Join(" or ", DatasetFormats.Names)}; default: detected from the folder." };
        var source = new Option<string?>("--source") { Description = $"CAMELS forcing product: nldas, daymet, maurer, maurer_extended; default: {defaults.ForcingSource} (as data.forcing_source in an experiment file)." };
        var basins = new Option<string?>("--basins") { Description = "A basin file (one gauge id per line) or comma-separated gauge ids; default: all." };
        var period = new Option<string?>("--period") { Description = "Days to load, START..END inclusive, e.g. 1995-10-01..2005-09-30." };
        var attributes = new Option<string?>("--attributes") { Description = "Comma-separated CAMELS attributes, e.g. p_mean,aridity,area_gages2." };
        var attributeFill = new Option<string?>("--attribute-fill") { Description = "Fill a requested attribute a basin lacks (NA): mean or median over the loaded basins; default: none, a missing attribute is an error (as data.attribute_fill)." };
        attributeFill.AcceptOnlyFromAmong([.. DataConfig.AttributeFills]);
        var attributesPath = new Option<string?>("--attributes-path") { Description = "Folder of the camels_*.txt tables; default: <root>/camels_attributes_v2.0." };
        var pet = new Option<string?>("--pet") { Description = $"PET to add as 'pet' [mm/d]: none, hargreaves, oudin, hamon; default: {defaults.Pet} (as data.pet in an experiment file)." };

        var command = new Command("dataset", "Load a dataset and print a summary: basins, period, variables with units and % missing, attributes.");
        command.Arguments.Add(root);
        foreach (var option in new Option[] { format, source, basins, period, attributes, attributeFill, attributesPath, pet }) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = parse.GetValue(root)!;
            var selection = parse.GetValue(basins) is { } b ? BasinSelection.Parse(b) : null;
            var days = parse.GetValue(period) is { } p ? DatePeriod.Parse(p) : (DatePeriod?)null;
            var attributeNames = SplitList(parse.GetValue(attributes));
            var fill = DataConfig.FillNamed(parse.GetValue(attributeFill));
            var dataFormat = DatasetFormats.Resolve(parse.GetValue(format), folder, "--format");
            var forcing = parse.GetValue(source);
            if (forcing is not null && dataFormat.ForcingSources.Count == 0)
                throw new ArgumentException($"--source chooses between forcing products; the {dataFormat.Layout} layout has a single one.");
            var dataset = dataFormat.Load(folder, new DatasetRequest
            {
                Basins = selection, Period = days, Attributes = attributeNames, AttributesPath = parse.GetValue(attributesPath),
                ForcingSource = forcing ?? (dataFormat.ForcingSources.Count > 0 ? defaults.ForcingSource : null),
                Pet = parse.GetValue(pet) ?? defaults.Pet, AttributeFill = fill,
            });
            Console.Write(DatasetSummary.Of(dataset).Render());
            return 0;
        }));
        return command;
    }

    static string[] SplitList(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
