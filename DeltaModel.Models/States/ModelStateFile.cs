using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DeltaModel.Core.Outputs;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Models.States;

/// <summary>
/// The state file (docs/outputs.md, "State files"): the 8 bytes <c>DMSTATE\n</c>, the length of a UTF-8 JSON header as
/// a little-endian int32, the header (format version, date, physics model, components, basins, stores with units, and
/// per array its name, type, shape and axes), then each array's values in header order, C order, little-endian.
/// Written atomically. Why not a checkpoint: the file names what it holds (basins, stores, units, date), so a reader
/// can refuse a state made for other basins, another model or another day instead of running on from it.
/// </summary>
public static class ModelStateFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The usual file name extension.</summary>
    public const string Extension = ".dmstate";

    /// <summary>The file's first bytes.</summary>
    static readonly byte[] Magic = "DMSTATE\n"u8.ToArray();

    const string Format = "deltamodel-state";
    const string StoresArray = "stores", RoutingArray = "routing_history", HiddenArray = "lstm_h", CellArray = "lstm_c";

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Writes <paramref name="state"/> of a run of <paramref name="physics"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, ModelState state, IPhysicsModel physics)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(physics);
        var arrays = new List<(ArrayEntry Entry, Tensor Values)>
        {
            (new ArrayEntry(StoresArray, "", ["store", "basin", "component"], "the store's unit"), state.Physics.Stores),
        };
        if (state.Physics.RoutingHistory is { } history)
            arrays.Add((new ArrayEntry(RoutingArray, "", ["day", "basin", "series"], "mm/d"), history));
        if (state.Network is { } network)
        {
            arrays.Add((new ArrayEntry(HiddenArray, "", ["basin", "unit"], "1"), network.H));
            arrays.Add((new ArrayEntry(CellArray, "", ["basin", "unit"], "1"), network.C));
        }
        var written = arrays.Select(a => (Entry: a.Entry with { Dtype = DtypeName(a.Values), Shape = a.Values.shape }, a.Values)).ToList();
        var header = new Header(Format, Version, state.Date.ToString("yyyy-MM-dd"), physics.Name, physics.Options.Components,
            state.Basins, [.. physics.Declarations.Stores.Select(s => new StoreEntry(s.Name, s.Unit))], [.. written.Select(w => w.Entry)]);
        var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        AtomicFile.Write(path, tmp =>
        {
            using var file = File.Create(tmp);
            file.Write(Magic);
            file.Write(BitConverter.GetBytes(json.Length));
            file.Write(json);
            foreach (var (entry, values) in written) file.Write(Bytes(values, entry.Dtype));
        });
    }

    /// <summary>Reads a state file for <paramref name="physics"/>.</summary>
    /// <exception cref="InvalidDataException">Not a state file, another version, or a state of another model (the
    /// message names the file and what differs).</exception>
    public static ModelState Read(string path, IPhysicsModel physics)
    {
        ArgumentNullException.ThrowIfNull(physics);
        using var file = Open(path);
        using var reader = new BinaryReader(file);
        var header = ReadHeader(path, reader);
        Check(path, header, physics);
        var values = new Dictionary<string, Tensor>();
        foreach (var a in header.Arrays)
        {
            int size = a.Dtype == "float64" ? sizeof(double) : sizeof(float);
            long count = a.Shape.Aggregate(1L, (n, d) => n * d);
            var bytes = reader.ReadBytes(checked((int)(count * size)));
            if (bytes.Length != count * size) throw new InvalidDataException($"{path}: the file ends inside array '{a.Name}'.");
            values[a.Name] = a.Dtype == "float64"
                ? tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), a.Shape)
                : tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), a.Shape);
        }
        var stores = values.GetValueOrDefault(StoresArray) ?? throw new InvalidDataException($"{path}: no '{StoresArray}' array.");
        long S = physics.Declarations.Stores.Count, B = header.Basins.Count, C = physics.Options.Components;
        if (stores.dim() != 3 || stores.shape[0] != S || stores.shape[1] != B || stores.shape[2] != C)
            throw new InvalidDataException($"{path}: '{StoresArray}' is [{string.Join(", ", stores.shape)}], the model needs [{S}, {B}, {C}] (stores, basins, components).");
        RecurrentState? network = values.TryGetValue(HiddenArray, out var h) && values.TryGetValue(CellArray, out var c) ? new RecurrentState(h, c) : null;
        return new ModelState(DateOnly.ParseExact(header.Date, "yyyy-MM-dd"), header.Basins, new PhysicsState(stores, values.GetValueOrDefault(RoutingArray)), network);
    }

    /// <summary>The date of the state in <paramref name="path"/> (the last day simulated into it), from its header alone.</summary>
    /// <exception cref="InvalidDataException">Not a state file, or its date is not a date.</exception>
    public static DateOnly ReadDate(string path)
    {
        using var file = Open(path);
        using var reader = new BinaryReader(file);
        var header = ReadHeader(path, reader);
        return DateOnly.TryParseExact(header.Date, "yyyy-MM-dd", out var date) ? date
            : throw new InvalidDataException($"{path}: date '{header.Date}' is not yyyy-MM-dd.");
    }

    static FileStream Open(string path) =>
        File.Exists(path) ? File.OpenRead(path) : throw new FileNotFoundException($"state file not found: {path}", path);

    static Header ReadHeader(string path, BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a DeltaModel state file (it does not start with 'DMSTATE').");
        int length = reader.ReadInt32();
        if (length <= 0 || length > reader.BaseStream.Length) throw new InvalidDataException($"{path}: damaged state file (header length {length}).");
        try
        {
            return JsonSerializer.Deserialize<Header>(reader.ReadBytes(length), Json) ?? throw new InvalidDataException($"{path}: empty state header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: damaged state header ({e.Message}).");
        }
    }

    static void Check(string path, Header header, IPhysicsModel physics)
    {
        if (header.Format != Format) throw new InvalidDataException($"{path}: format '{header.Format}', expected '{Format}'.");
        if (header.Version != Version)
            throw new InvalidDataException($"{path}: state file version {header.Version}; this DeltaModel reads version {Version}.");
        if (!DateOnly.TryParseExact(header.Date, "yyyy-MM-dd", out _)) throw new InvalidDataException($"{path}: date '{header.Date}' is not yyyy-MM-dd.");
        if (!string.Equals(header.Physics, physics.Name, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: a state of physics model '{header.Physics}', not '{physics.Name}'.");
        if (header.Components != physics.Options.Components)
            throw new InvalidDataException($"{path}: a state with {header.Components} components (nmul), the model has {physics.Options.Components}.");
        var expected = physics.Declarations.StoreNames;
        if (!header.Stores.Select(s => s.Name).SequenceEqual(expected))
            throw new InvalidDataException($"{path}: stores [{string.Join(", ", header.Stores.Select(s => s.Name))}], the model has [{string.Join(", ", expected)}].");
        if (header.Basins.Count == 0) throw new InvalidDataException($"{path}: the state names no basins.");
        var unknown = header.Arrays.FirstOrDefault(a => a.Dtype is not ("float32" or "float64"));
        if (unknown is not null) throw new InvalidDataException($"{path}: array '{unknown.Name}' has type '{unknown.Dtype}'; float32 or float64 expected.");
    }

    static string DtypeName(Tensor t) => t.dtype == ScalarType.Float64 ? "float64" : "float32";

    static byte[] Bytes(Tensor values, string dtype)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("state files are little-endian; this machine is not.");
        using var scope = NewDisposeScope();
        var cpu = values.detach().cpu().to(dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32).contiguous();
        return dtype == "float64"
            ? MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray();
    }

    sealed record Header(string Format, int Version, string Date, string Physics, int Components, IReadOnlyList<string> Basins,
        IReadOnlyList<StoreEntry> Stores, IReadOnlyList<ArrayEntry> Arrays);

    sealed record StoreEntry(string Name, string Unit);

    sealed record ArrayEntry(string Name, string Dtype, string[] Axes, string Unit)
    {
        public long[] Shape { get; init; } = [];
    }
}
