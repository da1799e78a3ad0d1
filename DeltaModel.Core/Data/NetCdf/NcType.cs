namespace DeltaModel.Core.Data.NetCdf;

/// <summary>The external types of the NetCDF classic format (spec: "nc_type"), with their default fill values.</summary>
internal enum NcExternalType
{
    Byte = 1, Char = 2, Short = 3, Int = 4, Float = 5, Double = 6,
}

internal static class NcFill
{
    /// <summary>netCDF-C's default fill values (netcdf.h NC_FILL_*), which mean "never written" where no <c>_FillValue</c> is declared.</summary>
    public const double Byte = -127, Short = -32767, Int = -2147483647, Float = 9.9692099683868690e+36, Double = 9.9692099683868690e+36;
}
