using DeltaModel.Core.Configuration;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// A network standing in for one process of the physics' daily step (the process-replacement coupling mode,
/// docs/coupling.md): on each day it reads the named inputs <c>[B, C]</c> at that point of the step, each as
/// <c>sign(x)·log(1 + |x|)</c>, and returns <c>lo + σ(NN(x))·(hi − lo)</c> in the process's physical range
/// (<see cref="ProcessSpec"/>), so the physics stays valid whatever the weights.
/// </summary>
public sealed class ProcessNetwork : nn.Module
{
    readonly ISequenceNetwork network;
    readonly string[] inputs;
    readonly double lower, span;

    /// <param name="config">The <c>model.processes</c> entry.</param>
    /// <param name="spec">The process as the physics declares it.</param>
    /// <exception cref="ArgumentException">An input the process does not offer, or a network that carries state from day to day.</exception>
    public ProcessNetwork(ProcessNetworkConfig config, ProcessSpec spec) : base(nameof(ProcessNetwork))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var name in config.Inputs.Where(n => !spec.Inputs.Contains(n)))
            throw new ArgumentException($"process '{spec.Name}' offers no input '{name}'{Names.DidYouMean(name, spec.Inputs)}; it offers {string.Join(", ", spec.Inputs)}.");
        network = NetworkRegistry.Create(config.Network, config.Inputs.Count, 1);
        if (network is IRecurrentNetwork)
            throw new ArgumentException($"network '{config.Name}' carries a state from day to day; a replaced process sees one day at a time: use a stateless network such as 'mlp'.");
        Config = config;
        Spec = spec;
        inputs = [.. config.Inputs];
        (lower, span) = (spec.Lower, spec.Upper - spec.Lower);
        register_module("network", network.Module);
    }

    public ProcessNetworkConfig Config { get; }

    public ProcessSpec Spec { get; }

    /// <summary>The process on one day.</summary>
    /// <param name="read">The day's inputs by name, each <c>[B, C]</c>.</param>
    /// <returns><c>[B, C]</c> in <see cref="ProcessSpec.Lower"/>…<see cref="ProcessSpec.Upper"/>, in the inputs' dtype.</returns>
    public Tensor Evaluate(Func<string, Tensor> read)
    {
        var first = read(inputs[0]);
        var weights = network.Module.parameters().First();
        // Symmetric log: stores of hundreds of mm, temperatures below zero and unit-less ratios enter on one scale.
        var x = stack([.. inputs.Select(n => { var v = read(n).to(weights.dtype); return v.sign() * v.abs().log1p(); })], -1);   // [B, C, k]
        var u = network.Forward(x, 0)[.., .., 0].sigmoid();                                                                        // [B, C]
        return u.mul(Kept(span)).Plus(lower).to(first.dtype);
    }

    /// <summary>One line for the run log.</summary>
    public string Describe() =>
        $"{Spec.Name} ← network {Config.Name} (hidden {Config.HiddenSize}) on [{string.Join(", ", inputs)}], σ-scaled to [{lower}, {lower + span}] {Spec.Unit}";
}
