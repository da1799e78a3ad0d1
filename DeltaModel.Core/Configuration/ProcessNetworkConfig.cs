namespace DeltaModel.Core.Configuration;

/// <summary>
/// One entry of <c>model.processes</c>: a network that replaces one process inside the physics' daily step (the
/// process-replacement coupling mode, docs/coupling.md). The physics model declares which of its processes can be
/// replaced and what the network may read at that point of its step (stores, forcings, parameters); the network's
/// output is squashed by a sigmoid into the process's physical range, so the physics stays valid and its water
/// balance closes. It runs on every simulated day, inside the time loop, on the tensor path only.
/// </summary>
public sealed record ProcessNetworkConfig : IConfigSection
{
    /// <summary>The replaced process, one the physics declares (HBV: <c>evapotranspiration</c>, <c>percolation</c>).</summary>
    public required string Process { get; init; }

    /// <summary>
    /// Network kind from the network registry; it sees one day at a time, so it must carry no state from day to day
    /// (<c>mlp</c>, or a plug-in's stateless network; not <c>lstm</c>).
    /// </summary>
    public string Name { get; init; } = "mlp";

    /// <summary>Hidden width. Range: ≥ 1.</summary>
    public int HiddenSize { get; init; } = 16;

    /// <summary>
    /// What the network reads, by name: any of the inputs the process declares (HBV: its stores at that point of the
    /// step, the day's forcings, its parameters). Each enters as <c>sign(x)·log(1 + |x|)</c>, so stores in mm,
    /// forcings and parameters of any size share one scale. Range: ≥ 1 name.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The network section this builds: its kind and width, no dropout, no inputs of its own.</summary>
    public NeuralNetworkConfig Network => new() { Name = Name, HiddenSize = HiddenSize, Dropout = 0, TruncateWarmUpGradient = false };

    public void Validate(ConfigErrors errors, string path)
    {
        if (string.IsNullOrWhiteSpace(Process)) errors.Expected($"{path}.process", "the name of a process the physics declares", Process);
        if (HiddenSize < 1) errors.Expected($"{path}.hidden_size", "an integer ≥ 1", HiddenSize);
        if (Inputs.Count == 0) errors.Add($"{path}.inputs", $"'{path}.inputs': name at least one input the network reads (e.g. a store and a forcing).");
        foreach (var twice in Inputs.GroupBy(i => i).Where(g => g.Count() > 1))
            errors.Add($"{path}.inputs", $"'{path}.inputs' names '{twice.Key}' {twice.Count()} times; name each input once.");
    }
}
