using System.Buffers.Binary;
using System.Text;

namespace DeltaModel.Core.Data.NetCdf;

/// <summary>
/// Reads the NetCDF classic format, CDF-1 and CDF-2 (64-bit offset), written from the format's published
/// specification (the reading half of <see cref="Outputs.NetCdfClassicFile"/>): the header's dimensions, attributes
/// and variables, then a variable's values at its offset, big-endian. Record (unlimited-dimension) variables are read
/// record by record, as the spec interleaves them. The whole file is read into memory: a basin's daily series is small.
/// </summary>
internal sealed class NetCdfClassicReader : INetCdfReader
{
    const int NcDimension = 0x0A, NcVariable = 0x0B, NcAttribute = 0x0C;

    sealed record Variable(string Name, int[] DimensionIds, Dictionary<string, object> Attributes, NcExternalType Type, long Begin, long VSize);

    readonly string path;
    readonly byte[] bytes;
    readonly List<(string Name, int Length)> dimensions = [];
    readonly List<Variable> variables = [];
    int position;
    int recordCount;
    bool offsets64;

    NetCdfClassicReader(string path, byte[] bytes)
    {
        this.path = path;
        this.bytes = bytes;
    }

    public static NetCdfClassicReader Open(string path)
    {
        var reader = new NetCdfClassicReader(path, File.ReadAllBytes(path));
        try { reader.ReadHeader(); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new DataException(path, null, $"the NetCDF classic header is truncated or malformed at byte {reader.position} ({e.GetType().Name}); the file may be cut short.");
        }
        return reader;
    }

    public IReadOnlyList<string> Variables => variables.Select(v => v.Name).ToArray();

    public IReadOnlyList<string> Dimensions(string variable) => Find(variable).DimensionIds.Select(id => dimensions[id].Name).ToArray();

    public bool IsNumeric(string variable) => Find(variable).Type != NcExternalType.Char;

    public double DefaultFill(string variable) => Find(variable).Type switch
    {
        NcExternalType.Byte => NcFill.Byte,
        NcExternalType.Short => NcFill.Short,
        NcExternalType.Int => NcFill.Int,
        NcExternalType.Float => (float)NcFill.Float,
        _ => NcFill.Double,
    };

    public string? Text(string variable, string attribute) =>
        Find(variable).Attributes.GetValueOrDefault(attribute) as string;

    public double? Number(string variable, string attribute) =>
        Find(variable).Attributes.GetValueOrDefault(attribute) is double[] { Length: > 0 } values ? values[0] : null;

    public double[] Read(string variable)
    {
        var v = Find(variable);
        int size = Size(v.Type);
        bool isRecord = v.DimensionIds.Length > 0 && dimensions[v.DimensionIds[0]].Length == 0;
        long perRecord = v.DimensionIds.Skip(isRecord ? 1 : 0).Aggregate(1L, (n, id) => n * dimensions[id].Length);
        long records = isRecord ? recordCount : 1;
        var values = new double[perRecord * records];
        // Records interleave every record variable: one record of each, in header order (spec: "recsize"); with a
        // single record variable the records are not padded.
        var recordVariables = variables.Where(x => x.DimensionIds.Length > 0 && dimensions[x.DimensionIds[0]].Length == 0).ToList();
        long recordSize = recordVariables.Count == 1 ? perRecord * size : recordVariables.Sum(x => x.VSize);
        for (long r = 0; r < records; r++)
        {
            long start = v.Begin + r * recordSize;
            if (start + perRecord * size > bytes.Length)
                throw new DataException(path, null, $"variable {variable} ends past the end of the file ({bytes.Length} bytes); the file is cut short.");
            for (long i = 0; i < perRecord; i++) values[r * perRecord + i] = Number(v.Type, (int)(start + i * size));
        }
        return values;
    }

    Variable Find(string name) =>
        variables.FirstOrDefault(v => v.Name == name) ?? throw new ArgumentException($"no variable '{name}'.");

    void ReadHeader()
    {
        position = 3;
        offsets64 = bytes[position++] == 2;
        recordCount = Int();        // 0xFFFFFFFF (streaming) reads as -1: no records
        if (recordCount < 0) recordCount = 0;
        foreach (var _ in List(NcDimension)) dimensions.Add((Name(), Int()));
        ReadAttributes();           // global attributes: not needed
        foreach (var _ in List(NcVariable))
        {
            var name = Name();
            var ids = Enumerable.Range(0, Int()).Select(_ => Int()).ToArray();
            var attributes = ReadAttributes();
            var type = Type();
            long vsize = (uint)Int();
            long begin = offsets64 ? Long() : Int();
            variables.Add(new Variable(name, ids, attributes, type, begin, vsize));
        }
    }

    Dictionary<string, object> ReadAttributes()
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var _ in List(NcAttribute))
        {
            var name = Name();
            var type = Type();
            int count = Int();
            int size = Size(type);
            attributes[name] = type == NcExternalType.Char
                ? Encoding.UTF8.GetString(bytes, position, count).TrimEnd('\0')
                : Enumerable.Range(0, count).Select(i => Number(type, position + i * size)).ToArray();
            position += Padded(count * size);
        }
        return attributes;
    }

    /// <summary>A list header: its tag and element count, or ABSENT (two zero words). Returns the count as a range.</summary>
    IEnumerable<int> List(int tag)
    {
        int found = Int(), count = Int();
        if (found == 0 && count == 0) return [];
        if (found != tag) throw new DataException(path, null, $"the NetCDF header has tag {found} at byte {position - 8} where {tag} was expected; the file is damaged.");
        return Enumerable.Range(0, count).ToList();   // materialised: the caller's reads advance the position
    }

    NcExternalType Type()
    {
        int t = Int();
        return t is >= 1 and <= 6 ? (NcExternalType)t
            : throw new DataException(path, null, $"NetCDF type {t} at byte {position - 4} is not a classic type (1–6); CDF-5 types are not read here.");
    }

    string Name()
    {
        int length = Int();
        var name = Encoding.UTF8.GetString(bytes, position, length);
        position += Padded(length);
        return name;
    }

    int Int()
    {
        int v = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position, 4));
        position += 4;
        return v;
    }

    long Long()
    {
        long v = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(position, 8));
        position += 8;
        return v;
    }

    double Number(NcExternalType type, int at) => type switch
    {
        NcExternalType.Byte => (sbyte)bytes[at],
        NcExternalType.Short => BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(at, 2)),
        NcExternalType.Int => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at, 4)),
        NcExternalType.Float => BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan(at, 4)),
        NcExternalType.Double => BinaryPrimitives.ReadDoubleBigEndian(bytes.AsSpan(at, 8)),
        _ => throw new DataException(path, null, $"a {type} value cannot be read as a number."),
    };

    static int Size(NcExternalType type) => type switch
    {
        NcExternalType.Byte or NcExternalType.Char => 1,
        NcExternalType.Short => 2,
        NcExternalType.Int or NcExternalType.Float => 4,
        _ => 8,
    };

    static int Padded(int n) => (n + 3) & ~3;

    public void Dispose() { }
}
