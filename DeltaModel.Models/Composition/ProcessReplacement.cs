using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;
using TorchSharp;

namespace DeltaModel.Models.Composition;

/// <summary>
/// A physics model with some processes of its daily step replaced by networks (docs/coupling.md): the same model,
/// tables and state, whose every run — training, spin-up, a day-by-day run — hands the networks to the step
/// (<see cref="PhysicsInput.Processes"/>). The networks are modules of their own (<see cref="Networks"/>), registered by
/// the hybrid model that trains them.
/// </summary>
public sealed class ProcessReplacement : IPhysicsModel
{
    readonly IPhysicsModel inner;
    readonly IReadOnlyDictionary<string, ProcessFunction> functions;

    /// <param name="inner">The physics model.</param>
    /// <param name="configs">The <c>model.processes</c> entries (≥ 1).</param>
    /// <exception cref="ArgumentException">A process the model does not declare, an input it does not offer, a stateful
    /// network, or backend <c>fused</c>.</exception>
    public ProcessReplacement(IPhysicsModel inner, IReadOnlyList<ProcessNetworkConfig> configs)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentNullException.ThrowIfNull(configs);
        if (configs.Count == 0) throw new ArgumentException("name at least one process to replace.", nameof(configs));
        var declared = inner.Declarations.Processes;
        var networks = new List<ProcessNetwork>();
        foreach (var config in configs)
        {
            var spec = declared.FirstOrDefault(p => p.Name == config.Process) ?? throw new ArgumentException(declared.Count == 0
                ? $"{inner.Name} declares no process a network can replace (asked for '{config.Process}')."
                : $"{inner.Name} has no replaceable process '{config.Process}'{Names.DidYouMean(config.Process, declared.Select(p => p.Name))}; " +
                  $"its processes: {string.Join(", ", declared.Select(p => p.Name))}.");
            networks.Add(new ProcessNetwork(config, spec));
        }
        if (inner.Options.Backend == "fused")
            throw new ArgumentException($"backend 'fused' cannot run a process replaced by a network: the fused kernel's hand-written backward cannot call one; " +
                                        "use backend 'auto' (the tensor path is then chosen) or 'tensor'.");
        Networks = networks;
        functions = networks.ToDictionary(n => n.Spec.Name, n => (ProcessFunction)n.Evaluate);
    }

    /// <summary>The physics model whose processes are replaced.</summary>
    public IPhysicsModel Inner => inner;

    /// <summary>The networks, in config order.</summary>
    public IReadOnlyList<ProcessNetwork> Networks { get; }

    public string Name => inner.Name;
    public PhysicsOptions Options => inner.Options;
    public PhysicsDeclarations Declarations => inner.Declarations;
    public bool WarmUpWithoutGradient => inner.WarmUpWithoutGradient;

    public PhysicsResult Run(PhysicsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return inner.Run(input.WithProcesses(functions));
    }
}
