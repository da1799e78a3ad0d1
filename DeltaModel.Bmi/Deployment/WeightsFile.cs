using System.Runtime.InteropServices;
using System.Text.Json;

namespace DeltaModel.Bmi.Deployment;

/// <summary>
/// <c>weights.dmweights</c>: the network's weights for the inference engine, in the layout of the state file
/// (docs/bmi.md): the 8 bytes <c>DMWEIGHT</c>, a little-endian int32 length, a UTF-8 JSON header (format, version, and
/// per array its name and shape), then every array's float32 values in header order, C order, little-endian.
/// Array names are those of <see cref="Inference.ParameterNetwork"/> (<c>lstm.input.weight</c>, <c>mlp.0.bias</c>, …).
/// </summary>
public static class WeightsFile
{
    public const string FileName = "weights.dmweights";
    const string Format = "deltamodel-weights";
    const int Version = 1;
    static readonly byte[] Magic = "DMWEIGHT"u8.ToArray();

    /// <summary>Writes <paramref name="arrays"/> (name → shape and values) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, long[] Shape, float[] Values)> arrays)
    {
        foreach (var (name, shape, values) in arrays)
            if (shape.Aggregate(1L, (n, d) => n * d) != values.Length)
                throw new ArgumentException($"array '{name}': shape [{string.Join(", ", shape)}] does not hold {values.Length} values.");
        var header = new WeightsHeader(Format, Version, [.. arrays.Select(a => new WeightsArray(a.Name, a.Shape))]);
        var json = JsonSerializer.SerializeToUtf8Bytes(header, DeploymentJson.Default.WeightsHeader);
        using var file = File.Create(path);
        file.Write(Magic);
        file.Write(BitConverter.GetBytes(json.Length));
        file.Write(json);
        foreach (var a in arrays) file.Write(MemoryMarshal.AsBytes(a.Values.AsSpan()));
    }

    /// <summary>Reads every array of <paramref name="path"/>, by name.</summary>
    /// <exception cref="BmiException">Not a weights file, another version, or cut short (the message names the file).</exception>
    public static IReadOnlyDictionary<string, (long[] Shape, float[] Values)> Read(string path)
    {
        if (!File.Exists(path)) throw new BmiException($"{path}: weights file not found.");
        if (!BitConverter.IsLittleEndian) throw new BmiException("weights files are little-endian; this machine is not.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 8).SequenceEqual(Magic)) throw new BmiException($"{path}: not a DeltaModel weights file (no 'DMWEIGHT').");
        int length = BitConverter.ToInt32(bytes, 8);
        if (length <= 0 || 12L + length > bytes.Length) throw new BmiException($"{path}: damaged weights file (header length {length}).");
        WeightsHeader? header;
        try { header = JsonSerializer.Deserialize(bytes.AsSpan(12, length), DeploymentJson.Default.WeightsHeader); }
        catch (JsonException e) { throw new BmiException($"{path}: unreadable header: {e.Message}"); }
        if (header is null || header.Format != Format || header.Version != Version)
            throw new BmiException($"{path}: format '{header?.Format}' version {header?.Version}; expected '{Format}' version {Version}.");
        var result = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        long at = 12 + length;
        foreach (var a in header.Arrays)
        {
            long count = a.Shape.Aggregate(1L, (n, d) => n * d);
            if (count < 0 || at + count * sizeof(float) > bytes.Length) throw new BmiException($"{path}: the file ends inside array '{a.Name}'.");
            result[a.Name] = (a.Shape, MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)at, (int)(count * sizeof(float)))).ToArray());
            at += count * sizeof(float);
        }
        return result;
    }
}

/// <summary>The JSON header of <see cref="WeightsFile"/>.</summary>
public sealed record WeightsHeader(string Format, int Version, IReadOnlyList<WeightsArray> Arrays);

/// <summary>One array of <see cref="WeightsFile"/>.</summary>
public sealed record WeightsArray(string Name, long[] Shape);
