using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaModel.Bmi.Deployment;

/// <summary>
/// <c>deployment.json</c>: everything but the weights that the inference engine needs to run a trained model — the
/// network's shape, the normalization of its inputs, the parameter bounds and switches of the physics, the warm-up.
/// Written by <c>deltamodel export-bmi</c> from a trained model folder; the weights are in <see cref="WeightsFile"/>.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">Format version (<see cref="CurrentVersion"/>).</param>
/// <param name="Network">The parameterization network.</param>
/// <param name="Forcings">Network forcings in input order, with their normalization.</param>
/// <param name="Attributes">Network attributes in input order, with their normalization.</param>
/// <param name="PhysicsForcings">Dataset variables feeding the physics' forcings (prcp, tmean, pet), in the physics' order.</param>
/// <param name="Physics">The physics model.</param>
/// <param name="WarmUp">Warm-up days W of the batch run.</param>
public sealed record DeploymentManifest(string Format, int Version, NetworkManifest Network, IReadOnlyList<InputManifest> Forcings,
    IReadOnlyList<InputManifest> Attributes, IReadOnlyList<string> PhysicsForcings, PhysicsManifest Physics, int WarmUp)
{
    public const string FileName = "deployment.json";
    public const string FormatName = "deltamodel-deployment";
    public const int CurrentVersion = 1;

    /// <summary>Reads and checks <c>deployment.json</c> in <paramref name="folder"/>.</summary>
    /// <exception cref="BmiException">Missing, unreadable, or of another format or version (the message names the file).</exception>
    public static DeploymentManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new BmiException($"{path}: no deployment manifest; export the model with 'deltamodel export-bmi'.");
        DeploymentManifest? manifest;
        try { manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), DeploymentJson.Default.DeploymentManifest); }
        catch (JsonException e) { throw new BmiException($"{path}: line {e.LineNumber + 1}: not a valid deployment manifest: {e.Message}"); }
        if (manifest is null || manifest.Format != FormatName)
            throw new BmiException($"{path}: format '{manifest?.Format}', expected '{FormatName}'.");
        if (manifest.Version != CurrentVersion)
            throw new BmiException($"{path}: deployment version {manifest.Version}; this library reads version {CurrentVersion}.");
        return manifest;
    }

    /// <summary>Writes the manifest as indented JSON to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, DeploymentJson.Default.DeploymentManifest));
}

/// <param name="Kind"><c>lstm_mlp</c> (LSTM for the per-day channels, MLP on the attributes for the rest) or <c>lstm</c>
/// (every channel per day).</param>
/// <param name="HiddenSize">LSTM width (0 without an LSTM branch).</param>
/// <param name="MlpLayers">MLP hidden layers (0 without an MLP branch).</param>
/// <param name="ChannelOrder">Output channel k is column <c>ChannelOrder[k]</c> of [LSTM outputs, MLP outputs].</param>
public sealed record NetworkManifest(string Kind, int HiddenSize, int MlpLayers, IReadOnlyList<int> ChannelOrder);

/// <summary>A network input and its normalization: <c>z = (f(x) − Mean) / Std</c>, f the identity (<c>ZScore</c>) or
/// <c>log10(√x + 0.1)</c> (<c>LogSqrt</c>).</summary>
public sealed record InputManifest(string Name, string Kind, double Mean, double Std)
{
    /// <summary>The normalized value of <paramref name="x"/>.</summary>
    public float Normalize(double x) => (float)(((Kind == "LogSqrt" ? Math.Log10(Math.Sqrt(x) + 0.1) : x) - Mean) / Std);
}

/// <param name="Name">Registry name (hbv, hbv_1_1p).</param>
/// <param name="Components">nmul.</param>
/// <param name="Parameters">Physical parameters in network channel order.</param>
/// <param name="Routing">Routing parameters (route_a, route_b) or none.</param>
/// <param name="NearZero">ε floor of the stores [mm].</param>
/// <param name="BetaEt">ET shape exponent in use.</param>
/// <param name="Capillary">Capillary rise (HBV 1.1p).</param>
/// <param name="SpinUp">Warm-up spins up without gradient, every parameter at its last warm-up day (else the warm-up is stepped and cropped).</param>
/// <param name="CarryRouting">The routing history of the spin-up carries into the run.</param>
public sealed record PhysicsManifest(string Name, int Components, IReadOnlyList<ParameterManifest> Parameters, IReadOnlyList<ParameterManifest> Routing,
    double NearZero, bool BetaEt, bool Capillary, bool SpinUp, bool CarryRouting);

/// <summary>A parameter's bounds: <c>θ = Lower + σ(raw)·(Upper − Lower)</c>; <paramref name="Dynamic"/> = one value per day.</summary>
public sealed record ParameterManifest(string Name, double Lower, double Upper, bool Dynamic);

/// <summary>Source-generated JSON (NativeAOT has no reflection-based serializer).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DeploymentManifest))]
[JsonSerializable(typeof(WeightsHeader))]
internal sealed partial class DeploymentJson : JsonSerializerContext;
