using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Generic;

/// <summary>
/// NeuralHydrology's "generic" layout, CSV series: <c>time_series/&lt;gauge_id&gt;.csv</c> (a <c>date</c> column, then
/// one column per variable) and <c>attributes/*.csv</c> keyed by <c>gauge_id</c> (comma-separated). Also the plain
/// "one table per basin plus one attribute table" a user writes by hand. Columns carry whatever names the user chose:
/// a model variable reads the column of its own name unless <c>data.variables</c> maps it to another. Gauge ids are
/// those a basin list accepts: 8 digits (USGS) or <c>&lt;prefix&gt;_&lt;id&gt;</c>. Loaded by <see cref="PerBasinCsvLoader"/>.
/// </summary>
public sealed class GenericCsvFormat() : DatasetFormat("generic", "NeuralHydrology generic (CSV)", "time_series/")
{
    static readonly PerBasinCsvLayout layout = new("generic per-basin CSV", "time_series",
        (folder, id) => Path.Combine(folder, "time_series", id + ".csv"),
        new CamelsAttributeTable.TableLayout("generic", "*.csv", ',', Recursive: false,
            id => BasinSelection.NormalizeId(id) == id,
            "is not a gauge id a basin list accepts (8 digits with the leading zero, e.g. 01013500, or <prefix>_<id>, e.g. de_110010)",
            "every basin needs a row in the attributes/*.csv tables", []),
        new Dictionary<string, string>(), IsSourced: false);

    public override bool Detect(string folder) => PerBasinCsvLoader.Holds(folder, layout);

    public override HydroDataset Load(string folder, DatasetRequest request) => PerBasinCsvLoader.Load(folder, request, layout);

    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) => PerBasinCsvLoader.InputFiles(folder, request, layout);
}
