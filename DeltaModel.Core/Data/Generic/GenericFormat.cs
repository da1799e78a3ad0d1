using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Data.Series;

namespace DeltaModel.Core.Data.Generic;

/// <summary>
/// NeuralHydrology's "generic" layout: <c>time_series/&lt;gauge_id&gt;.csv</c>, <c>.nc</c> or <c>.parquet</c> (a <c>date</c> column, then
/// one column per variable) and <c>attributes/*.csv</c> keyed by <c>gauge_id</c> (comma-separated). Also the plain
/// "one table per basin plus one attribute table" a user writes by hand. Columns carry whatever names the user chose:
/// a model variable reads the column of its own name unless <c>data.variables</c> maps it to another. Gauge ids are
/// those a basin list accepts: 8 digits (USGS) or <c>&lt;prefix&gt;_&lt;id&gt;</c>. Loaded by <see cref="PerBasinLoader"/>.
/// </summary>
public sealed class GenericFormat() : DatasetFormat("generic", "NeuralHydrology generic (CSV, NetCDF or Parquet)", "time_series/")
{
    static readonly PerBasinLayout layout = new("generic per-basin", ["time_series"],
        (folder, id) => BasinSeries.Extensions.Select(e => Path.Combine(folder, "time_series", id + e)).ToArray(),
        new CamelsAttributeTable.TableLayout("generic", "*.csv", ',', Recursive: false,
            id => BasinSelection.NormalizeId(id) == id,
            "is not a gauge id a basin list accepts (8 digits with the leading zero, e.g. 01013500, or <prefix>_<id>, e.g. de_110010)",
            "every basin needs a row in the attributes/*.csv tables", []),
        new Dictionary<string, string>(), IsSourced: false);

    public override bool Detect(string folder) => PerBasinLoader.Holds(folder, layout);

    public override HydroDataset Load(string folder, DatasetRequest request) => PerBasinLoader.Load(folder, request, layout);

    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) => PerBasinLoader.InputFiles(folder, request, layout);
}
