namespace DeltaModel.Core.Data.NetCdf;

/// <summary>
/// The part of a NetCDF file a per-basin series needs, the same for both on-disk forms
/// (<see cref="NetCdfClassicReader"/>: CDF-1/CDF-2; <see cref="NetCdf4Reader"/>: netCDF-4, which is HDF5): the
/// variables with their dimensions, their values as raw numbers (before <c>scale_factor</c>/<c>add_offset</c>), and
/// their attributes. Open one with <see cref="NetCdfFile.Open"/>.
/// </summary>
internal interface INetCdfReader : IDisposable
{
    /// <summary>The variables, in file order.</summary>
    IReadOnlyList<string> Variables { get; }

    /// <summary>The names of a variable's dimensions, outermost first.</summary>
    IReadOnlyList<string> Dimensions(string variable);

    /// <summary>Whether the variable holds numbers (not characters or strings).</summary>
    bool IsNumeric(string variable);

    /// <summary>Every value of a numeric variable, in row-major order, as stored (packed, fill values included).</summary>
    double[] Read(string variable);

    /// <summary>A text attribute of a variable, or null when absent or not text.</summary>
    string? Text(string variable, string attribute);

    /// <summary>The first value of a numeric attribute of a variable, or null when absent or not numeric.</summary>
    double? Number(string variable, string attribute);

    /// <summary>The fill value netCDF assumes for unwritten values of this variable's type when it declares no <c>_FillValue</c>.</summary>
    double DefaultFill(string variable);
}
