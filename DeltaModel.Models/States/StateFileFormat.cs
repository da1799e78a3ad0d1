using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaModel.Models.States;

/// <summary>
/// The byte layout and header of a state file (docs/outputs.md, "State files") without tensors: the magic, the JSON
/// header, the checks a reader makes against a model, the arrays' raw bytes. <c>ModelStateFile</c> (TorchSharp)
/// and the deployed BMI (DeltaModel.Bmi, compiled in there: no TorchSharp, NativeAOT) both read and write through it,
/// so the format is written once. The JSON is source-generated (NativeAOT has no reflection-based serializer).
/// </summary>
internal static class StateFileFormat
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    public const string Format = "deltamodel-state";
    public const string StoresArray = "stores", RoutingArray = "routing_history", HiddenArray = "lstm_h", CellArray = "lstm_c";

    /// <summary>The file's first bytes.</summary>
    static readonly byte[] Magic = "DMSTATE\n"u8.ToArray();

    /// <summary>The whole file: magic, header length, header, then <paramref name="arrays"/>' bytes in header order.</summary>
    public static byte[] Encode(StateHeader header, IReadOnlyList<byte[]> arrays)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("state files are little-endian; this machine is not.");
        var json = JsonSerializer.SerializeToUtf8Bytes(header, StateFileJson.Default.StateHeader);
        using var file = new MemoryStream();
        file.Write(Magic);
        file.Write(BitConverter.GetBytes(json.Length));
        file.Write(json);
        foreach (var a in arrays) file.Write(a);
        return file.ToArray();
    }

    /// <summary>Opens <paramref name="path"/> and reads its header; the reader stands at the first array.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a state file, or a damaged header (the message names the file).</exception>
    public static (BinaryReader Reader, StateHeader Header) Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"state file not found: {path}", path);
        var reader = new BinaryReader(File.OpenRead(path));
        try { return (reader, ReadHeader(path, reader)); }
        catch { reader.Dispose(); throw; }
    }

    static StateHeader ReadHeader(string path, BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a DeltaModel state file (it does not start with 'DMSTATE').");
        if (reader.BaseStream.Length - reader.BaseStream.Position < sizeof(int)) throw new InvalidDataException($"{path}: damaged state file (it ends in the header).");
        int length = reader.ReadInt32();
        if (length <= 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"{path}: damaged state file (header length {length}).");
        try
        {
            return JsonSerializer.Deserialize(reader.ReadBytes(length), StateFileJson.Default.StateHeader)
                   ?? throw new InvalidDataException($"{path}: empty state header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: damaged state header ({e.Message}).");
        }
    }

    /// <summary>Refuses a header of another format or version, another physics model, components or stores.</summary>
    /// <exception cref="InvalidDataException">What differs, naming the file.</exception>
    public static void Check(string path, StateHeader header, string physics, int components, IReadOnlyList<string> stores)
    {
        if (header.Format != Format) throw new InvalidDataException($"{path}: format '{header.Format}', expected '{Format}'.");
        if (header.Version != Version)
            throw new InvalidDataException($"{path}: state file version {header.Version}; this DeltaModel reads version {Version}.");
        if (!DateOnly.TryParseExact(header.Date, "yyyy-MM-dd", out _)) throw new InvalidDataException($"{path}: date '{header.Date}' is not yyyy-MM-dd.");
        if (!string.Equals(header.Physics, physics, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: a state of physics model '{header.Physics}', not '{physics}'.");
        if (header.Components != components)
            throw new InvalidDataException($"{path}: a state with {header.Components} components (nmul), the model has {components}.");
        if (!header.Stores.Select(s => s.Name).SequenceEqual(stores))
            throw new InvalidDataException($"{path}: stores [{string.Join(", ", header.Stores.Select(s => s.Name))}], the model has [{string.Join(", ", stores)}].");
        if (header.Basins.Count == 0) throw new InvalidDataException($"{path}: the state names no basins.");
        var unknown = header.Arrays.FirstOrDefault(a => a.Dtype is not ("float32" or "float64"));
        if (unknown is not null) throw new InvalidDataException($"{path}: array '{unknown.Name}' has type '{unknown.Dtype}'; float32 or float64 expected.");
    }

    /// <summary>The next array's raw bytes (little-endian <see cref="StateArray.Dtype"/> values, C order).</summary>
    /// <exception cref="InvalidDataException">The file ends inside the array.</exception>
    public static byte[] ReadArray(string path, BinaryReader reader, StateArray array)
    {
        int size = array.Dtype == "float64" ? sizeof(double) : sizeof(float);
        long count = array.Shape.Aggregate(1L, (n, d) => n * d);
        if (count < 0 || count * size > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"{path}: the file ends inside array '{array.Name}'.");
        return reader.ReadBytes((int)(count * size));
    }
}

/// <summary>The JSON header of a state file.</summary>
/// <param name="Date">The last day simulated into the state, yyyy-MM-dd.</param>
internal sealed record StateHeader(string Format, int Version, string Date, string Physics, int Components, IReadOnlyList<string> Basins,
    IReadOnlyList<StateStore> Stores, IReadOnlyList<StateArray> Arrays);

/// <summary>A physics store of a state file and its unit.</summary>
internal sealed record StateStore(string Name, string Unit);

/// <summary>An array of a state file: its name, value type (<c>float32</c>, <c>float64</c>), axes, unit and shape.</summary>
internal sealed record StateArray(string Name, string Dtype, string[] Axes, string Unit)
{
    public long[] Shape { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(StateHeader))]
internal sealed partial class StateFileJson : JsonSerializerContext;
