using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// Several named networks feeding different parameters of one physics model (docs/coupling.md, <c>model.networks</c>),
/// seen by the hybrid model as one network: each member reads its columns of the normalized input and writes the raw
/// channels of the parameters it is assigned (<see cref="ParameterMapper"/>'s layout), so the mapping, warm-up and
/// physics are those of parameter learning. A member writing only static and routing parameters from attributes is an
/// MLP whose output is the same every day (δMG's <c>lstm_mlp</c> is the fixed two-branch case of this).
/// </summary>
public sealed class NetworkGroup : nn.Module, ISequenceNetwork
{
    readonly Member[] members;
    readonly long[] order;

    /// <summary>One member: its network, input columns <c>[k]</c> and the raw channels it writes, in its output order.</summary>
    sealed record Member(ParameterNetworkConfig Config, ISequenceNetwork Network, long[] Columns, long[] Channels, IReadOnlyList<string> Parameters);

    /// <param name="configs">The <c>model.networks</c> entries.</param>
    /// <param name="inputs">The model's inputs (<c>model.nn</c>'s forcings and attributes: the columns of the input).</param>
    /// <param name="physics">The physics whose parameters the members write.</param>
    /// <exception cref="ArgumentException">A parameter the physics does not have, one listed twice, or one no network writes.</exception>
    public NetworkGroup(IReadOnlyList<ParameterNetworkConfig> configs, InputSpec inputs, IPhysicsModel physics) : base(nameof(NetworkGroup))
    {
        ArgumentNullException.ThrowIfNull(configs);
        var assignment = Assign(configs, physics);
        var mapper = new ParameterMapper(physics);
        var dynamic = mapper.DynamicChannels;
        var built = new List<Member>();
        for (int i = 0; i < configs.Count; i++)
        {
            var c = configs[i];
            var forcings = c.Forcings ?? inputs.NetworkForcings;
            var attributes = c.Attributes ?? inputs.NetworkAttributes;
            long[] columns = [.. forcings.Select(f => (long)IndexOf(inputs.NetworkForcings, f, "forcing")),
                              .. attributes.Select(a => (long)(inputs.NetworkForcings.Count + IndexOf(inputs.NetworkAttributes, a, "attribute")))];
            long[] channels = [.. assignment[i].SelectMany(p => Channels(physics, p))];
            var layout = new NetworkLayout(columns.Length, channels.Length, attributes.Count, [.. channels.Select(k => dynamic[(int)k])]);
            var network = NetworkRegistry.Create(c.Section, layout);
            register_module(c.Name, network.Module);
            built.Add(new Member(c, network, columns, channels, assignment[i]));
        }
        members = [.. built];
        // Members' outputs are concatenated in member order; this permutation puts each channel where the mapper reads it.
        var written = members.SelectMany(m => m.Channels).ToArray();
        var inverse = new long[written.Length];
        for (int k = 0; k < written.Length; k++) inverse[written[k]] = k;
        order = inverse;
        InputSize = NetworkInput.Width(inputs);
        OutputSize = mapper.Width;
    }

    public long InputSize { get; }
    public long OutputSize { get; }
    nn.Module ISequenceNetwork.Module => this;

    /// <summary>The physics parameters each network writes, by network name, in config order.</summary>
    public IReadOnlyList<(string Network, IReadOnlyList<string> Parameters)> Assignment => [.. members.Select(m => (m.Config.Name, m.Parameters))];

    /// <returns><c>[T, B, P·C + R]</c> in <see cref="ParameterMapper"/>'s channel order.</returns>
    public Tensor Forward(Tensor x, long noGradSteps)
    {
        using var scope = NewDisposeScope();
        // Index tensors are made per call (a few longs): as fields they would outlive or miss the dispose scopes and devices.
        var outputs = members.Select(m => m.Network.Forward(x.index_select(2, Index(m.Columns, x)), noGradSteps)).ToList();   // each [T, B, k_i]
        return cat(outputs, 2).index_select(2, Index(order, x)).MoveToOuterDisposeScope();                                   // [T, B, P·C + R]
    }

    public IDisposable BeginTrainingStep(Generator generator) => new Steps([.. members.Select(m => m.Network.BeginTrainingStep(generator))]);

    /// <summary>One line per network for the run log.</summary>
    public IEnumerable<string> Describe() => members.Select(m =>
        $"network '{m.Config.Name}' ({m.Config.Network}, hidden {m.Config.HiddenSize}, inputs {m.Columns.Length}) → [{string.Join(", ", m.Parameters)}]");

    sealed class Steps(IDisposable[] steps) : IDisposable
    {
        public void Dispose()
        {
            foreach (var s in steps.Reverse()) s.Dispose();
        }
    }

    static Tensor Index(long[] indices, Tensor like) => tensor(indices, dtype: ScalarType.Int64, device: like.device);

    static int IndexOf(IReadOnlyList<string> names, string name, string kind)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        throw new ArgumentException($"'model.networks' reads {kind} '{name}', which is not among 'model.nn' {kind}s ({string.Join(", ", names)}).");
    }

    /// <summary>The raw channels of a parameter: C per physical parameter, one per routing parameter.</summary>
    static IEnumerable<long> Channels(IPhysicsModel physics, string name)
    {
        var d = physics.Declarations;
        int C = physics.Options.Components;
        for (int i = 0; i < d.Parameters.Count; i++)
            if (d.Parameters[i].Name == name) return Enumerable.Range(i * C, C).Select(k => (long)k);
        for (int r = 0; r < d.RoutingParameters.Count; r++)
            if (d.RoutingParameters[r].Name == name) return [d.Parameters.Count * C + r];
        throw new ArgumentException($"unknown parameter '{name}'.");
    }

    /// <summary>
    /// Each network's parameters in the physics' declaration order: those it lists, or, for the one that lists none,
    /// every parameter no other network lists.
    /// </summary>
    /// <exception cref="ArgumentException">Names the entry and the parameter: unknown, listed twice, or written by no network.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Assign(IReadOnlyList<ParameterNetworkConfig> configs, IPhysicsModel physics)
    {
        var all = physics.Declarations.Parameters.Concat(physics.Declarations.RoutingParameters).Select(p => p.Name).ToList();
        var owner = new Dictionary<string, int>();
        for (int i = 0; i < configs.Count; i++)
            foreach (var name in configs[i].Parameters)
            {
                if (!all.Contains(name))
                    throw new ArgumentException($"'model.networks[{i}].parameters' ({configs[i].Name}) names '{name}', which {physics.Name} does not have" +
                                                $"{Names.DidYouMean(name, all)}; its parameters: {string.Join(", ", all)}.");
                if (owner.TryGetValue(name, out int other))
                    throw new ArgumentException($"'model.networks[{i}].parameters' ({configs[i].Name}) names '{name}', which '{configs[other].Name}' writes already; " +
                                                "each parameter is written by one network.");
                owner[name] = i;
            }
        int rest = Enumerable.Range(0, configs.Count).FirstOrDefault(i => configs[i].Parameters.Count == 0, -1);
        var unassigned = all.Where(p => !owner.ContainsKey(p)).ToList();
        if (rest < 0 && unassigned.Count > 0)
            throw new ArgumentException($"'model.networks': no network writes {string.Join(", ", unassigned)}; list them at a network, or leave one network's " +
                                        "'parameters' empty to give it every parameter the others do not list.");
        foreach (var p in unassigned) owner[p] = rest;
        var result = Enumerable.Range(0, configs.Count).Select(i => (IReadOnlyList<string>)[.. all.Where(p => owner[p] == i)]).ToList();
        int idle = result.FindIndex(r => r.Count == 0);
        if (idle >= 0) throw new ArgumentException($"'model.networks[{idle}]' ({configs[idle].Name}) writes no parameter: every parameter is listed at another network.");
        return result;
    }
}
