using System.Runtime.InteropServices;
using DeltaModel.Bmi.Inference;
using DeltaModel.Models.States;

namespace DeltaModel.Bmi.States;

/// <summary>
/// The BMI's state files: the per-basin state of <see cref="InferenceModel"/>s (stores <c>[5, C]</c>, routing history
/// <c>[L − 1, 4]</c>, LSTM h and c <c>[H]</c>) gathered into and taken from the state file's arrays over a set of
/// basins (<c>stores [5, B, C]</c>, <c>routing_history [L − 1, B, 4]</c>, <c>lstm_h</c>, <c>lstm_c [B, H]</c>) — the
/// one place that knows both layouts. The file itself is <see cref="StateFileFormat"/>'s, the format
/// <c>deltamodel simulate</c> and <c>test</c> write and read (docs/outputs.md, "State files").
/// </summary>
internal static class BmiStateFile
{
    /// <summary>Sets <paramref name="models"/> (one per basin of <paramref name="basins"/>) to the state in
    /// <paramref name="path"/>, which must be of the day before <paramref name="start"/> and hold every basin.</summary>
    /// <param name="where">How the configuration named the file, for messages (<c>&lt;config&gt;: initial_state</c>).</param>
    /// <exception cref="BmiException">Missing, damaged or cut-short file, another model, another day, a basin it lacks.</exception>
    public static void Read(string path, string where, DateOnly start, IReadOnlyList<string> basins, IReadOnlyList<InferenceModel> models)
    {
        var physics = models[0].Manifest.Physics;
        try
        {
            var (reader, header) = StateFileFormat.Open(path);
            using var _ = reader;
            StateFileFormat.Check(path, header, physics.Name, physics.Components, InferenceModel.StoreNames);
            var day = DateOnly.ParseExact(header.Date, "yyyy-MM-dd");
            if (day != start.AddDays(-1))
                throw new InvalidDataException($"{path}: a state of {day:yyyy-MM-dd} (the last day simulated into it); start_time {start:yyyy-MM-dd} " +
                                               $"needs the state of the day before, {start.AddDays(-1):yyyy-MM-dd}.");
            var held = header.Basins.ToList();
            int[] column = [.. basins.Select(b => held.IndexOf(b) is >= 0 and var i ? i
                : throw new InvalidDataException($"{path}: no state for basin '{b}'; it holds {string.Join(", ", header.Basins.Take(10))}{(header.Basins.Count > 10 ? ", …" : "")}."))];
            var arrays = header.Arrays.ToDictionary(a => a.Name, a => (a.Shape, Values: Floats(a, StateFileFormat.ReadArray(path, reader, a))));
            int B = header.Basins.Count, C = physics.Components, H = models[0].Hidden.Length, L1 = models[0].RoutingHistory.Length / InferenceModel.RoutedSeries;

            var stores = Array(path, arrays, StateFileFormat.StoresArray, [InferenceModel.StoreNames.Length, B, C], "stores, basins, components");
            float[]? history = models[0].Routes
                ? Array(path, arrays, StateFileFormat.RoutingArray, [L1, B, InferenceModel.RoutedSeries], "days, basins, series: the model routes")
                : null;
            if (!models[0].Routes && arrays.ContainsKey(StateFileFormat.RoutingArray))
                throw new InvalidDataException($"{path}: holds a '{StateFileFormat.RoutingArray}', but the model does not route: a state of another model.");
            float[]? h = H > 0 ? Array(path, arrays, StateFileFormat.HiddenArray, [B, H], "basins, LSTM units") : null;
            float[]? c = H > 0 ? Array(path, arrays, StateFileFormat.CellArray, [B, H], "basins, LSTM units") : null;

            for (int i = 0; i < models.Count; i++)
            {
                var m = models[i];
                int b = column[i];
                for (int s = 0; s < InferenceModel.StoreNames.Length; s++) stores.AsSpan((s * B + b) * C, C).CopyTo(m.Stores.Slice(s * C, C));
                if (history is not null)
                    for (int d = 0; d < L1; d++) history.AsSpan((d * B + b) * InferenceModel.RoutedSeries, InferenceModel.RoutedSeries).CopyTo(m.RoutingHistory.Slice(d * InferenceModel.RoutedSeries));
                h?.AsSpan(b * H, H).CopyTo(m.Hidden);
                c?.AsSpan(b * H, H).CopyTo(m.Cell);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new BmiException($"{where}: {e.Message}");
        }
    }

    /// <summary>Writes the state of <paramref name="models"/> (one per basin of <paramref name="basins"/>) after
    /// <paramref name="date"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="BmiException">The file cannot be written.</exception>
    public static void Write(string path, string where, DateOnly date, IReadOnlyList<string> basins, IReadOnlyList<InferenceModel> models)
    {
        var physics = models[0].Manifest.Physics;
        int B = models.Count, C = physics.Components, S = InferenceModel.StoreNames.Length, H = models[0].Hidden.Length, K = InferenceModel.RoutedSeries;
        int L1 = models[0].RoutingHistory.Length / K;
        var stores = new float[S * B * C];
        for (int b = 0; b < B; b++)
            for (int s = 0; s < S; s++) models[b].Stores.Slice(s * C, C).CopyTo(stores.AsSpan((s * B + b) * C));
        var arrays = new List<(StateArray, float[])> { (new StateArray(StateFileFormat.StoresArray, "float32", ["store", "basin", "component"], "the store's unit") { Shape = [S, B, C] }, stores) };
        if (models[0].Routes)
        {
            var history = new float[L1 * B * K];
            for (int b = 0; b < B; b++)
                for (int d = 0; d < L1; d++) models[b].RoutingHistory.Slice(d * K, K).CopyTo(history.AsSpan((d * B + b) * K));
            arrays.Add((new StateArray(StateFileFormat.RoutingArray, "float32", ["day", "basin", "series"], "mm/d") { Shape = [L1, B, K] }, history));
        }
        if (H > 0)
        {
            float[] h = new float[B * H], c = new float[B * H];
            for (int b = 0; b < B; b++)
            {
                models[b].Hidden.CopyTo(h.AsSpan(b * H));
                models[b].Cell.CopyTo(c.AsSpan(b * H));
            }
            arrays.Add((new StateArray(StateFileFormat.HiddenArray, "float32", ["basin", "unit"], "1") { Shape = [B, H] }, h));
            arrays.Add((new StateArray(StateFileFormat.CellArray, "float32", ["basin", "unit"], "1") { Shape = [B, H] }, c));
        }
        var header = new StateHeader(StateFileFormat.Format, StateFileFormat.Version, date.ToString("yyyy-MM-dd"), physics.Name, C, [.. basins],
            [.. InferenceModel.StoreNames.Select(s => new StateStore(s, "mm"))], [.. arrays.Select(a => a.Item1)]);
        var bytes = StateFileFormat.Encode(header, [.. arrays.Select(a => MemoryMarshal.AsBytes(a.Item2.AsSpan()).ToArray())]);
        // Atomic as Core's AtomicFile (which the deployed library does not reference): a temporary file renamed over the target.
        var full = Path.GetFullPath(path);
        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw new BmiException($"{where}: cannot write the state to {full}: {e.Message}");
        }
    }

    static float[] Floats(StateArray a, byte[] bytes) =>
        a.Dtype == "float64" ? [.. MemoryMarshal.Cast<byte, double>(bytes).ToArray().Select(v => (float)v)] : MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    static float[] Array(string path, Dictionary<string, (long[] Shape, float[] Values)> arrays, string name, long[] shape, string axes)
    {
        if (!arrays.TryGetValue(name, out var a)) throw new InvalidDataException($"{path}: no '{name}' array [{axes}]: a state of another model.");
        if (!a.Shape.SequenceEqual(shape))
            throw new InvalidDataException($"{path}: '{name}' is [{string.Join(", ", a.Shape)}], the model needs [{string.Join(", ", shape)}] ({axes}).");
        return a.Values;
    }
}
