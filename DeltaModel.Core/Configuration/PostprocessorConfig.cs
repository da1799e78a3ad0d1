namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>model.postprocessor</c>: a second network that corrects the physics' simulated target (the residual
/// coupling mode, docs/coupling.md). It reads the normalized network inputs and the physics series named in
/// <see cref="PhysicsOutputs"/> for each scored day and adds its output to the simulated target; trained end to end
/// with the parameter network.
/// </summary>
public sealed record PostprocessorConfig : IConfigSection
{
    /// <summary>Network kind from the network registry (<c>lstm</c>, <c>mlp</c>, or a plug-in's).</summary>
    public string Name { get; init; } = "lstm";

    /// <summary>Hidden width. Range: ≥ 1.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>DropConnect rate (LSTM, training only). Range: [0, 1).</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Physics series the network reads besides the network inputs (e.g. <c>streamflow</c>, <c>SM</c>, <c>AET_hydro</c>),
    /// each as <c>log(1 + max(x, 0))</c> so fluxes and stores of any size enter on a similar scale. Range: ≥ 1 name,
    /// each an output of the physics model.
    /// </summary>
    public IReadOnlyList<string> PhysicsOutputs { get; init; } = ["streamflow"];

    /// <summary>The network section this builds: its name, width and dropout, no inputs of its own.</summary>
    public NeuralNetworkConfig Network => new() { Name = Name, HiddenSize = HiddenSize, Dropout = Dropout, TruncateWarmUpGradient = false };

    public void Validate(ConfigErrors errors, string path)
    {
        if (HiddenSize < 1) errors.Expected($"{path}.hidden_size", "an integer ≥ 1", HiddenSize);
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) errors.Expected($"{path}.dropout", "a number in [0, 1)", Dropout);
        if (PhysicsOutputs.Count == 0) errors.Add($"{path}.physics_outputs", $"'{path}.physics_outputs': name at least one physics output the network reads.");
    }
}
