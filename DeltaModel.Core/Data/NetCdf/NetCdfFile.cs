namespace DeltaModel.Core.Data.NetCdf;

/// <summary>Opens a NetCDF file with the reader its first bytes call for: classic (CDF-1, CDF-2) or netCDF-4 (HDF5).</summary>
internal static class NetCdfFile
{
    static readonly byte[] hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <exception cref="DataException">Not a NetCDF file, a variant we do not read (CDF-5), or unreadable (named with the cause).</exception>
    public static INetCdfReader Open(string path)
    {
        if (!File.Exists(path)) throw new DataException(path, null, "series file not found.");
        var head = new byte[8];
        using (var s = File.OpenRead(path)) s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (head.AsSpan().SequenceEqual(hdf5Signature)) return NetCdf4Reader.Open(path);
        if (head[0] == 'C' && head[1] == 'D' && head[2] == 'F')
            return head[3] is 1 or 2
                ? NetCdfClassicReader.Open(path)
                : throw new DataException(path, null, $"NetCDF classic version {head[3]} (CDF-5) is not read here; convert it with 'nccopy -k nc4 {Path.GetFileName(path)} out.nc' (netCDF-4) or '-k classic'.");
        throw new DataException(path, null, "not a NetCDF file (neither the classic 'CDF' nor the netCDF-4/HDF5 signature at its start).");
    }
}
