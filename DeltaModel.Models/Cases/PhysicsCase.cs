using System.Globalization;
using System.Text.Json;
using DeltaModel.Core.Outputs;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Cases;

/// <summary>
/// A physics reference case folder (layout: <c>shared/fixtures/hbv/README.md</c>): forcings, the raw network output
/// that maps to fixed parameters, and the original's switches. Numbers are read as float32 values, the precision the
/// case was written in (they round-trip exactly), so float64 runs see the same inputs promoted exactly.
/// </summary>
public sealed class PhysicsCase
{
    /// <summary>The case folder.</summary>
    public required string Folder { get; init; }

    /// <summary>Case name (<c>case</c> in case.json).</summary>
    public required string Name { get; init; }

    /// <summary>Registry name of the model (the original's class name, e.g. <c>Hbv</c>, <c>Hbv_1_1p</c>).</summary>
    public required string Model { get; init; }

    /// <summary>Components (nmul).</summary>
    public required int Components { get; init; }

    /// <summary>Warm-up days W.</summary>
    public required int WarmUp { get; init; }

    /// <summary>The original's <c>warm_up_states</c> (true: spin up without gradient).</summary>
    public required bool WarmUpStates { get; init; }

    /// <summary>Gamma UH routing on.</summary>
    public required bool Routing { get; init; }

    /// <summary>Dynamic parameter names.</summary>
    public required IReadOnlyList<string> DynamicParameters { get; init; }

    /// <summary>ε floor [mm].</summary>
    public required double NearZero { get; init; }

    /// <summary>dy_drop probability (only used in training; cases run in evaluation mode).</summary>
    public required double DyDrop { get; init; }

    /// <summary>Input dates (ISO), one per day, warm-up included.</summary>
    public required IReadOnlyList<string> Dates { get; init; }

    /// <summary>Forcings <c>[T, 3]</c> (prcp mm/d, tmean °C, pet mm/d), float32 values.</summary>
    public required double[,] Forcings { get; init; }

    /// <summary>Raw network output <c>[T, width]</c>, float32 values.</summary>
    public required double[,] RawOutput { get; init; }

    /// <summary>Folder of the expected results (<c>expected/</c>).</summary>
    public string ExpectedFolder => System.IO.Path.Combine(Folder, "expected");

    /// <summary>Physics options equivalent to the original's switches (cold routing after warm-up, as the original).</summary>
    public PhysicsOptions Options(string backend = "tensor") => new()
    {
        Components = Components,
        DynamicParameters = DynamicParameters,
        Routing = Routing,
        CarryRoutingThroughWarmUp = false,
        WarmUpWithoutGradient = WarmUpStates,
        NearZero = NearZero,
        Backend = backend,
    };

    /// <summary>Loads a case folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">A file is missing a key or column, or a value is malformed.</exception>
    public static PhysicsCase Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"case folder '{folder}' does not exist.");
        var caseJson = System.IO.Path.Combine(folder, "case.json");
        if (!File.Exists(caseJson)) throw new FileNotFoundException($"'{folder}' is not a case folder: no case.json.", caseJson);
        using var doc = JsonDocument.Parse(File.ReadAllText(caseJson));
        var root = doc.RootElement;
        JsonElement Get(JsonElement e, string key) =>
            e.TryGetProperty(key, out var v) ? v : throw new InvalidDataException($"{caseJson}: missing key '{key}'.");
        var model = Get(root, "model").GetString()!;
        var config = Get(root, "config");
        if (config.TryGetProperty("comprout", out var comprout) && comprout.GetBoolean())
            throw new InvalidDataException($"{caseJson}: comprout (route each component) is not supported.");
        var dynamic = new List<string>();
        if (config.TryGetProperty("dynamic_params", out var dp))
        {
            if (dp.ValueKind == JsonValueKind.Object)
            {
                if (dp.TryGetProperty(model, out var list)) dynamic.AddRange(list.EnumerateArray().Select(x => x.GetString()!));
            }
            else dynamic.AddRange(dp.EnumerateArray().Select(x => x.GetString()!));
        }

        var forcingTable = CsvTable.Open(System.IO.Path.Combine(folder, "forcings.csv"));
        var rawTable = CsvTable.Open(System.IO.Path.Combine(folder, "raw_nn_output.csv"));
        var forcings = forcingTable.Rows(complete: true).ToList();
        var raw = rawTable.Rows(complete: true).ToList();
        if (raw.Count != forcings.Count)
            throw new InvalidDataException($"{rawTable.Path}: {raw.Count} days, forcings.csv has {forcings.Count}.");
        int[] fc = [forcingTable.Column("prcp"), forcingTable.Column("tmean"), forcingTable.Column("pet")];
        var f = new double[forcings.Count, 3];
        for (int t = 0; t < forcings.Count; t++)
            for (int k = 0; k < 3; k++) f[t, k] = (float)forcings[t].Number(fc[k]);
        var channels = rawTable.Header.Where(h => h.StartsWith("ch", StringComparison.Ordinal)).ToArray();
        var r = new double[raw.Count, channels.Length];
        for (int k = 0; k < channels.Length; k++)
        {
            int col = rawTable.Column($"ch{k}");
            for (int t = 0; t < raw.Count; t++) r[t, k] = (float)raw[t].Number(col);
        }
        int date = forcingTable.Column("date");
        return new PhysicsCase
        {
            Folder = folder,
            Name = root.TryGetProperty("case", out var n) ? n.GetString()! : System.IO.Path.GetFileName(folder),
            Model = model,
            Components = Get(config, "nmul").GetInt32(),
            WarmUp = Get(config, "warm_up").GetInt32(),
            WarmUpStates = Get(config, "warm_up_states").GetBoolean(),
            Routing = Get(config, "routing").GetBoolean(),
            DynamicParameters = dynamic,
            NearZero = config.TryGetProperty("nearzero", out var nz) ? nz.GetDouble() : 1e-5,
            DyDrop = config.TryGetProperty("dy_drop", out var dd) ? dd.GetDouble() : 0,
            Dates = forcings.Select(row => row[date]).ToArray(),
            Forcings = f,
            RawOutput = r,
        };
    }

    internal static string Format(double v, bool float64) =>
        float64 ? v.ToString("R", CultureInfo.InvariantCulture) : ((float)v).ToString("G9", CultureInfo.InvariantCulture);
}
