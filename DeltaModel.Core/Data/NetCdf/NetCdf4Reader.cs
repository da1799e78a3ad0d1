using PureHDF;
using PureHDF.VOL.Native;

namespace DeltaModel.Core.Data.NetCdf;

/// <summary>
/// Reads a netCDF-4 file, which is HDF5 underneath (netCDF-4 maps each variable to a dataset of the root group and
/// each attribute to an HDF5 attribute), through PureHDF: the form of Caravan's <c>timeseries/netcdf</c> files and
/// NeuralHydrology's <c>time_series/*.nc</c> as xarray writes them. Dimension names come from the datasets'
/// <c>DIMENSION_LIST</c> references in netCDF-C; here a variable's dimensions are matched by length against the
/// coordinate variables (datasets named like a dimension), which is all a per-basin 1-D series needs.
/// </summary>
internal sealed class NetCdf4Reader : INetCdfReader
{
    readonly string path;
    readonly NativeFile file;
    readonly Dictionary<string, IH5Dataset> datasets;

    NetCdf4Reader(string path, NativeFile file)
    {
        this.path = path;
        this.file = file;
        datasets = file.Children().OfType<IH5Dataset>().ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public static NetCdf4Reader Open(string path)
    {
        try { return new NetCdf4Reader(path, H5File.OpenRead(path)); }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, null, $"the netCDF-4 (HDF5) file cannot be read: {e.Message}");
        }
    }

    /// <summary>Datasets that are netCDF variables (not the bare dimension scales netCDF-C adds for dimensions without one).</summary>
    public IReadOnlyList<string> Variables =>
        datasets.Values.Where(d => !(TextAttribute(d, "NAME")?.StartsWith("This is a netCDF dimension but not a netCDF variable", StringComparison.Ordinal) ?? false))
            .Select(d => d.Name).ToArray();

    public IReadOnlyList<string> Dimensions(string variable)
    {
        var d = Find(variable);
        // A dimension scale (coordinate variable) is its own dimension; another variable takes the name of the
        // coordinate variable of each of its lengths (a per-basin series has one: the date).
        if (d.AttributeExists("CLASS") && TextAttribute(d, "CLASS") == "DIMENSION_SCALE") return [variable];
        var scales = datasets.Values.Where(x => x.AttributeExists("CLASS") && TextAttribute(x, "CLASS") == "DIMENSION_SCALE").ToList();
        return d.Space.Dimensions.Select(length =>
            scales.FirstOrDefault(s => s.Space.Dimensions is [var n] && n == length)?.Name ?? $"(length {length})").ToArray();
    }

    public bool IsNumeric(string variable) => Find(variable).Type.Class is H5DataTypeClass.FixedPoint or H5DataTypeClass.FloatingPoint;

    public double DefaultFill(string variable)
    {
        var t = Find(variable).Type;
        return (t.Class, t.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => (float)NcFill.Float,
            (H5DataTypeClass.FloatingPoint, _) => NcFill.Double,
            (H5DataTypeClass.FixedPoint, 1) => t.FixedPoint.IsSigned ? NcFill.Byte : 255,
            (H5DataTypeClass.FixedPoint, 2) => t.FixedPoint.IsSigned ? NcFill.Short : 65535,
            (H5DataTypeClass.FixedPoint, 4) => t.FixedPoint.IsSigned ? NcFill.Int : 4294967295,
            _ => t.FixedPoint.IsSigned ? -9223372036854775806 : 18446744073709551614,
        };
    }

    public double[] Read(string variable)
    {
        var d = Find(variable);
        try { return Numbers(d.Type, () => d.Read<sbyte[]>(), () => d.Read<byte[]>(), () => d.Read<short[]>(), () => d.Read<ushort[]>(),
            () => d.Read<int[]>(), () => d.Read<uint[]>(), () => d.Read<long[]>(), () => d.Read<ulong[]>(), () => d.Read<float[]>(), () => d.Read<double[]>()); }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, null, $"variable {variable} cannot be read: {e.Message}");
        }
    }

    public string? Text(string variable, string attribute) => TextAttribute(Find(variable), attribute);

    public double? Number(string variable, string attribute)
    {
        var d = Find(variable);
        if (!d.AttributeExists(attribute)) return null;
        var a = d.Attribute(attribute);
        if (a.Type.Class is not (H5DataTypeClass.FixedPoint or H5DataTypeClass.FloatingPoint)) return null;
        var values = Numbers(a.Type, () => a.Read<sbyte[]>(), () => a.Read<byte[]>(), () => a.Read<short[]>(), () => a.Read<ushort[]>(),
            () => a.Read<int[]>(), () => a.Read<uint[]>(), () => a.Read<long[]>(), () => a.Read<ulong[]>(), () => a.Read<float[]>(), () => a.Read<double[]>());
        return values.Length > 0 ? values[0] : null;
    }

    /// <summary>Reads with the .NET type that matches the stored one (PureHDF copies bytes, it does not convert), then widens to double.</summary>
    double[] Numbers(IH5DataType type, Func<sbyte[]> i8, Func<byte[]> u8, Func<short[]> i16, Func<ushort[]> u16, Func<int[]> i32, Func<uint[]> u32,
        Func<long[]> i64, Func<ulong[]> u64, Func<float[]> f32, Func<double[]> f64) => (type.Class, type.Size) switch
    {
        (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(f32(), x => (double)x),
        (H5DataTypeClass.FloatingPoint, 8) => f64(),
        (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? Array.ConvertAll(i8(), x => (double)x) : Array.ConvertAll(u8(), x => (double)x),
        (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? Array.ConvertAll(i16(), x => (double)x) : Array.ConvertAll(u16(), x => (double)x),
        (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? Array.ConvertAll(i32(), x => (double)x) : Array.ConvertAll(u32(), x => (double)x),
        (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? Array.ConvertAll(i64(), x => (double)x) : Array.ConvertAll(u64(), x => (double)x),
        _ => throw new DataException(path, null, $"a {type.Class} value of {type.Size} bytes is not a number netCDF stores."),
    };

    static string? TextAttribute(IH5Dataset d, string attribute)
    {
        if (!d.AttributeExists(attribute)) return null;
        var a = d.Attribute(attribute);
        return a.Type.Class == H5DataTypeClass.String ? a.Read<string>().TrimEnd('\0') : null;
    }

    IH5Dataset Find(string name) =>
        datasets.GetValueOrDefault(name) ?? throw new ArgumentException($"no variable '{name}'.");

    public void Dispose() => file.Dispose();
}
