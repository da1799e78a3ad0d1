using System.Buffers.Binary;
using System.Text;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// A NetCDF classic file in the 64-bit offset variant (CDF-2), written from the format's published specification:
/// fixed-size dimensions, text attributes and float32/float64/char variables, big-endian, each block padded to 4 bytes.
/// </summary>
/// <remarks>
/// Classic rather than NetCDF-4 because every netCDF reader (netCDF-C's ncdump, xarray, CDO, R ncdf4) opens it without
/// depending on how an HDF5 writer maps dimensions. No record (unlimited) dimension: every variable is fixed-size, so
/// the data section is the variables one after another in the order they were added.
/// </remarks>
public sealed class NetCdfClassicFile
{
    const int NcDimension = 0x0A, NcVariable = 0x0B, NcAttribute = 0x0C;

    readonly List<(string Name, int Length)> dimensions = [];
    readonly List<Variable> variables = [];

    /// <summary>Global (file) attributes, in the order written.</summary>
    public Dictionary<string, string> Attributes { get; } = [];

    /// <summary>Adds a fixed-size dimension.</summary>
    public void AddDimension(string name, int length)
    {
        if (dimensions.Any(d => d.Name == name)) throw new ArgumentException($"dimension '{name}' is defined twice.");
        if (length <= 0) throw new ArgumentException($"dimension '{name}' has length {length}; a fixed dimension needs at least 1.");
        dimensions.Add((name, length));
    }

    /// <summary>Whether a variable of this name exists.</summary>
    public bool Contains(string name) => variables.Any(v => v.Name == name);

    /// <summary>Adds a float32 variable; <paramref name="values"/> in row-major order of <paramref name="dims"/>.</summary>
    public Dictionary<string, string> AddFloat(string name, string[] dims, float[] values) =>
        Add(name, dims, NcType.Float, values.Length, (span, i) => BinaryPrimitives.WriteSingleBigEndian(span, values[i]));

    /// <summary>Adds a float64 variable; <paramref name="values"/> in row-major order of <paramref name="dims"/>.</summary>
    public Dictionary<string, string> AddDouble(string name, string[] dims, double[] values) =>
        Add(name, dims, NcType.Double, values.Length, (span, i) => BinaryPrimitives.WriteDoubleBigEndian(span, values[i]));

    /// <summary>
    /// Adds strings as a char variable <c>[dims..., strlenDim]</c> (the classic format has no string type; CF stores
    /// station ids this way), defining <paramref name="strlenDim"/> as the longest string's length in UTF-8 bytes.
    /// </summary>
    public Dictionary<string, string> AddStrings(string name, string dim, string strlenDim, IReadOnlyList<string> values)
    {
        var encoded = values.Select(Encoding.UTF8.GetBytes).ToArray();
        int width = Math.Max(1, encoded.Max(e => e.Length));
        AddDimension(strlenDim, width);
        var chars = new byte[encoded.Length * width];   // shorter ids end in NUL bytes, which readers strip
        for (int i = 0; i < encoded.Length; i++) encoded[i].CopyTo(chars, i * width);
        return Add(name, [dim, strlenDim], NcType.Char, chars.Length, (span, i) => span[0] = chars[i]);
    }

    Dictionary<string, string> Add(string name, string[] dims, NcType type, long count, Action<Span<byte>, int> writeOne)
    {
        if (Contains(name)) throw new ArgumentException($"variable '{name}' is defined twice.");
        var ids = dims.Select(d => dimensions.FindIndex(x => x.Name == d)).ToArray();
        if (ids.Contains(-1)) throw new ArgumentException($"variable '{name}': unknown dimension in ({string.Join(", ", dims)}).");
        long expected = ids.Aggregate(1L, (n, id) => n * dimensions[id].Length);
        if (count != expected)
            throw new ArgumentException($"variable '{name}' has {count} values; its dimensions ({string.Join(", ", dims)}) hold {expected}.");
        var variable = new Variable(name, ids, type, count, writeOne);
        variables.Add(variable);
        return variable.Attributes;
    }

    /// <summary>Writes the whole file to <paramref name="path"/> (callers wrap this in <see cref="AtomicFile"/>).</summary>
    public void Write(string path)
    {
        using var stream = new BufferedStream(File.Create(path), 1 << 16);
        var header = new MemoryStream();
        WriteHeader(header, beginOfData: 0);           // first pass: the header's size, which fixes the data offsets
        long begin = header.Length;
        header.SetLength(0);
        WriteHeader(header, begin);
        header.Position = 0;
        header.CopyTo(stream);
        Span<byte> one = stackalloc byte[8];
        foreach (var v in variables)
        {
            int size = Size(v.Type);
            for (int i = 0; i < v.Count; i++)
            {
                v.WriteOne(one, i);
                stream.Write(one[..size]);
            }
            stream.Write(new byte[Padding(v.Count * size)]);
        }
    }

    void WriteHeader(Stream s, long beginOfData)
    {
        s.Write("CDF\x02"u8);
        Int(s, 0);                                      // numrecs: no record dimension
        Int(s, NcDimension);
        Int(s, dimensions.Count);
        foreach (var (name, length) in dimensions) { Name(s, name); Int(s, length); }
        AttributeList(s, Attributes);
        Int(s, variables.Count == 0 ? 0 : NcVariable);
        Int(s, variables.Count);
        long begin = beginOfData;
        Span<byte> offset = stackalloc byte[8];
        foreach (var v in variables)
        {
            Name(s, v.Name);
            Int(s, v.DimensionIds.Length);
            foreach (var id in v.DimensionIds) Int(s, id);
            AttributeList(s, v.Attributes);
            Int(s, (int)v.Type);
            long bytes = v.Count * Size(v.Type) + Padding(v.Count * Size(v.Type));
            Int(s, bytes > int.MaxValue ? -1 : (int)bytes);   // vsize; the spec's "too large" marker past 4 GiB
            BinaryPrimitives.WriteInt64BigEndian(offset, begin);
            s.Write(offset);
            begin += bytes;
        }
    }

    static void AttributeList(Stream s, Dictionary<string, string> attributes)
    {
        if (attributes.Count == 0) { Int(s, 0); Int(s, 0); return; }   // ABSENT
        Int(s, NcAttribute);
        Int(s, attributes.Count);
        foreach (var (name, value) in attributes)
        {
            Name(s, name);
            Int(s, (int)NcType.Char);
            Text(s, value);
        }
    }

    static void Name(Stream s, string name) => Text(s, name);

    /// <summary>A length-prefixed UTF-8 text padded with zero bytes to 4 (names and text attributes alike).</summary>
    static void Text(Stream s, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Int(s, bytes.Length);
        s.Write(bytes);
        s.Write(new byte[Padding(bytes.Length)]);
    }

    static void Int(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        s.Write(b);
    }

    static int Padding(long bytes) => (int)((4 - bytes % 4) % 4);

    static int Size(NcType type) => type switch { NcType.Char => 1, NcType.Float => 4, _ => 8 };

    enum NcType { Char = 2, Float = 5, Double = 6 }

    sealed record Variable(string Name, int[] DimensionIds, NcType Type, long Count, Action<Span<byte>, int> WriteOne)
    {
        public Dictionary<string, string> Attributes { get; } = [];
    }
}
