using System.Runtime.InteropServices;
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
/// can refuse a state made for other basins, another model or another day instead of running on from it. The layout
/// and the header's checks are <see cref="StateFileFormat"/>'s, shared with the deployed BMI (DeltaModel.Bmi).
/// </summary>
public static class ModelStateFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = StateFileFormat.Version;

    /// <summary>The usual file name extension.</summary>
    public const string Extension = ".dmstate";

    /// <summary>Writes <paramref name="state"/> of a run of <paramref name="physics"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, ModelState state, IPhysicsModel physics)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(physics);
        var arrays = new List<(StateArray Entry, Tensor Values)>
        {
            (new StateArray(StateFileFormat.StoresArray, "", ["store", "basin", "component"], "the store's unit"), state.Physics.Stores),
        };
        if (state.Physics.RoutingHistory is { } history)
            arrays.Add((new StateArray(StateFileFormat.RoutingArray, "", ["day", "basin", "series"], "mm/d"), history));
        if (state.Network is { } network)
        {
            arrays.Add((new StateArray(StateFileFormat.HiddenArray, "", ["basin", "unit"], "1"), network.H));
            arrays.Add((new StateArray(StateFileFormat.CellArray, "", ["basin", "unit"], "1"), network.C));
        }
        var written = arrays.Select(a => (Entry: a.Entry with { Dtype = DtypeName(a.Values), Shape = a.Values.shape }, a.Values)).ToList();
        var header = new StateHeader(StateFileFormat.Format, Version, state.Date.ToString("yyyy-MM-dd"), physics.Name, physics.Options.Components,
            state.Basins, [.. physics.Declarations.Stores.Select(s => new StateStore(s.Name, s.Unit))], [.. written.Select(w => w.Entry)]);
        AtomicFile.WriteAllBytes(path, StateFileFormat.Encode(header, [.. written.Select(w => Bytes(w.Values, w.Entry.Dtype))]));
    }

    /// <summary>Reads a state file for <paramref name="physics"/>.</summary>
    /// <exception cref="InvalidDataException">Not a state file, another version, or a state of another model (the
    /// message names the file and what differs).</exception>
    public static ModelState Read(string path, IPhysicsModel physics)
    {
        ArgumentNullException.ThrowIfNull(physics);
        var (reader, header) = StateFileFormat.Open(path);
        using var _ = reader;
        StateFileFormat.Check(path, header, physics.Name, physics.Options.Components, physics.Declarations.StoreNames);
        var values = new Dictionary<string, Tensor>();
        foreach (var a in header.Arrays)
        {
            var bytes = StateFileFormat.ReadArray(path, reader, a);
            values[a.Name] = a.Dtype == "float64"
                ? tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), a.Shape)
                : tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), a.Shape);
        }
        var stores = values.GetValueOrDefault(StateFileFormat.StoresArray) ?? throw new InvalidDataException($"{path}: no '{StateFileFormat.StoresArray}' array.");
        long S = physics.Declarations.Stores.Count, B = header.Basins.Count, C = physics.Options.Components;
        if (stores.dim() != 3 || stores.shape[0] != S || stores.shape[1] != B || stores.shape[2] != C)
            throw new InvalidDataException($"{path}: '{StateFileFormat.StoresArray}' is [{string.Join(", ", stores.shape)}], the model needs [{S}, {B}, {C}] (stores, basins, components).");
        RecurrentState? network = values.TryGetValue(StateFileFormat.HiddenArray, out var h) && values.TryGetValue(StateFileFormat.CellArray, out var c) ? new RecurrentState(h, c) : null;
        return new ModelState(DateOnly.ParseExact(header.Date, "yyyy-MM-dd"), header.Basins,
            new PhysicsState(stores, values.GetValueOrDefault(StateFileFormat.RoutingArray)), network);
    }

    /// <summary>The date of the state in <paramref name="path"/> (the last day simulated into it), from its header alone.</summary>
    /// <exception cref="InvalidDataException">Not a state file, or its date is not a date.</exception>
    public static DateOnly ReadDate(string path)
    {
        var (reader, header) = StateFileFormat.Open(path);
        reader.Dispose();
        return DateOnly.TryParseExact(header.Date, "yyyy-MM-dd", out var date) ? date
            : throw new InvalidDataException($"{path}: date '{header.Date}' is not yyyy-MM-dd.");
    }

    static string DtypeName(Tensor t) => t.dtype == ScalarType.Float64 ? "float64" : "float32";

    static byte[] Bytes(Tensor values, string dtype)
    {
        using var scope = NewDisposeScope();
        var cpu = values.detach().cpu().to(dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32).contiguous();
        return dtype == "float64"
            ? MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray();
    }
}
