using DeltaModel.Core.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// Physics models in sequence (<c>model.physics.chain</c>, docs/coupling.md), e.g. a runoff model without its own
/// routing, then <c>gamma_routing</c>: the first member reads the dataset's forcings, every later one reads earlier
/// members' output series by name (its <c>forcing_map</c> renames), and each gets its own parameters from the networks —
/// the chain's parameter table is the members' tables one after the other, so parameter learning, several networks and
/// warm-up work on a chain as on one model.
/// <para>The chain exposes every member's series; where a later member outputs a name an earlier one has (routed
/// <c>streamflow</c> after unrouted), the later one keeps the name and the earlier one is renamed
/// <c>&lt;name&gt;_&lt;member&gt;</c> (<c>streamflow_hbv</c>). Its stores are the members' stores in order, its routing
/// history that of the one member that routes, its water budget the first member's (runoff generation; routing conserves
/// the water it delays).</para>
/// </summary>
public sealed class PhysicsChain : IPhysicsModel
{
    readonly IPhysicsModel[] members;
    readonly string[][] sources;          // per member: the earlier output each forcing reads (member 0: none)
    readonly int[] storeStart;            // per member: its first store in the chain's state
    readonly int router;                  // the member whose routing parameters and history the chain carries; −1 = none
    readonly (int Member, string Name, string Exposed)[] series, scalars;

    /// <param name="config">The <c>model.physics</c> section with its <c>chain</c>.</param>
    /// <param name="create">The registry: a member's model from its name and section.</param>
    /// <exception cref="ArgumentException">Names the member (<c>model.physics.chain[k]</c>): an unknown model, options it
    /// rejects, a forcing no earlier member outputs, a parameter or store two members share, two members that route.</exception>
    public PhysicsChain(PhysicsConfig config, Func<string, PhysicsOptions, IPhysicsModel> create)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Chain is not { Count: > 0 } chain) throw new ArgumentException("'model.physics.chain' names no model.");
        members = new IPhysicsModel[chain.Count];
        sources = new string[chain.Count][];
        for (int k = 0; k < chain.Count; k++)
        {
            try
            {
                members[k] = create(chain[k].Name, chain[k].Within(config));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"'{At(k)}': {e.Message}", e);
            }
            sources[k] = k == 0 ? [] : Sources(k, chain[k]);
        }
        if (chain[0].ForcingMap.Count > 0)
            throw new ArgumentException($"'{At(0)}.forcing_map': the first member reads the dataset; map its forcings with 'model.physics.forcing_map'.");
        var routers = Enumerable.Range(0, members.Length).Where(k => members[k].Declarations.RoutingParameters.Count > 0).ToList();
        if (routers.Count > 1)
            throw new ArgumentException($"'{At(routers[1])}' ({members[routers[1]].Name}) routes, and so does {Member(routers[0])}: route once in a chain " +
                                        $"(set 'routing: false' at the runoff model).");
        router = routers.Count == 1 ? routers[0] : -1;
        Unique(members.Select(m => m.Declarations.Parameters.Concat(m.Declarations.RoutingParameters).Select(p => p.Name)), "parameter");
        Unique(members.Select(m => m.Declarations.StoreNames), "store");
        storeStart = new int[members.Length];
        for (int k = 1; k < members.Length; k++) storeStart[k] = storeStart[k - 1] + members[k - 1].Declarations.Stores.Count;
        series = Expose(m => m.Declarations.Outputs);
        scalars = Expose(m => m.Declarations.Scalars);

        Name = string.Join(" → ", members.Select(m => m.Name));
        Options = config with
        {
            Name = PhysicsConfig.ChainName,
            DynamicParameters = [.. members.SelectMany(m => m.Options.DynamicParameters)],
            Routing = router >= 0,
        };
        var units = members.SelectMany(m => m.Declarations.Outputs).ToLookup(o => o.Name, o => o.Unit);
        Declarations = new PhysicsDeclarations
        {
            Forcings = members[0].Declarations.Forcings,
            Attributes = [.. members.SelectMany(m => m.Declarations.Attributes).Distinct()],
            Parameters = [.. members.SelectMany(m => m.Declarations.Parameters)],
            RoutingParameters = router >= 0 ? members[router].Declarations.RoutingParameters : [],
            Stores = [.. members.SelectMany(m => m.Declarations.Stores)],
            Outputs = [.. series.Select(s => new OutputSpec(s.Exposed, members[s.Member].Declarations.UnitOf(s.Name)))],
            Scalars = [.. scalars.Select(s => new OutputSpec(s.Exposed, members[s.Member].Declarations.UnitOf(s.Name)))],
            Processes = [.. members.SelectMany(m => m.Declarations.Processes).DistinctBy(p => p.Name)],
        };
        WarmUpWithoutGradient = config.WarmUpWithoutGradient ?? members.All(m => m.WarmUpWithoutGradient);
    }

    /// <summary>The members' names joined by arrows, e.g. <c>hbv → gamma_routing</c>.</summary>
    public string Name { get; }
    public PhysicsOptions Options { get; }
    public PhysicsDeclarations Declarations { get; }
    public bool WarmUpWithoutGradient { get; }

    /// <summary>The models in order.</summary>
    public IReadOnlyList<IPhysicsModel> Members => members;

    static string At(int k) => $"model.physics.chain[{k}]";

    string Member(int k) => $"chain[{k}] ({members[k].Name})";

    /// <summary>The earlier output each forcing of member <paramref name="k"/> reads.</summary>
    string[] Sources(int k, ChainMemberConfig config)
    {
        var forcings = members[k].Declarations.Forcings;
        foreach (var unread in config.ForcingMap.Keys.Where(f => !forcings.Contains(f)))
            throw new ArgumentException($"'{At(k)}.forcing_map' maps '{unread}', which {members[k].Name} does not read (its forcings: {string.Join(", ", forcings)}).");
        var available = members.Take(k).SelectMany(m => m.Declarations.OutputNames).Distinct().ToList();
        return [.. forcings.Select(f =>
        {
            var source = config.ForcingMap.GetValueOrDefault(f, f);
            if (available.Contains(source)) return source;
            throw new ArgumentException($"'{At(k)}' ({members[k].Name}) reads '{source}'{(source == f ? "" : $" as its forcing '{f}'")}, which no earlier member outputs" +
                                        $"{Names.DidYouMean(source, available)}; {Member(k - 1)} outputs {string.Join(", ", members[k - 1].Declarations.OutputNames)}. " +
                                        $"Map it with '{At(k)}.forcing_map: {{{f}: <output>}}'.");
        })];
    }

    void Unique(IEnumerable<IEnumerable<string>> namesByMember, string kind)
    {
        var owner = new Dictionary<string, int>();
        int k = 0;
        foreach (var names in namesByMember)
        {
            foreach (var name in names)
                if (!owner.TryAdd(name, k))
                    throw new ArgumentException($"'{At(k)}' ({members[k].Name}) has a {kind} '{name}', and so has {Member(owner[name])}: " +
                                                $"the members of a chain must not share {kind} names.");
            k++;
        }
    }

    /// <summary>Every member's outputs with the name the chain gives them (a later member keeps a shared name).</summary>
    (int, string, string)[] Expose(Func<IPhysicsModel, IEnumerable<OutputSpec>> outputs)
    {
        var exposed = new List<(int Member, string Name, string Exposed)>();
        for (int k = 0; k < members.Length; k++)
            foreach (var o in outputs(members[k]))
            {
                int earlier = exposed.FindIndex(e => e.Exposed == o.Name);
                if (earlier >= 0) exposed[earlier] = exposed[earlier] with { Exposed = $"{o.Name}_{members[exposed[earlier].Member].Name}" };
                exposed.Add((k, o.Name, o.Name));
            }
        return [.. exposed];
    }

    public PhysicsResult Run(PhysicsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var outputs = new Dictionary<string, Tensor>[members.Length];
        var results = new PhysicsResult[members.Length];
        for (int k = 0; k < members.Length; k++)
        {
            var member = members[k];
            var forcings = k == 0 ? input.Forcings : stack([.. sources[k].Select(s => Latest(outputs, k, s))], 2);   // [T, B, F]
            var own = member.Declarations.Processes.Select(p => p.Name).ToHashSet();
            results[k] = member.Run(new PhysicsInput
            {
                Forcings = forcings,
                Parameters = input.Parameters,                                                   // each member reads its own names
                Routing = k == router ? input.Routing : null,
                Attributes = input.Attributes,
                InitialState = StateOf(input.InitialState, k),
                SimulationDays = input.SimulationDays,
                // Later members read this member's series, so only the last may skip them.
                StatesOnly = input.StatesOnly && k == members.Length - 1,
            }.WithProcesses(input.Processes?.Where(p => own.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value) is { Count: > 0 } mine ? mine : null));
            outputs[k] = new Dictionary<string, Tensor>(results[k].Series);
        }
        var final = new PhysicsState(cat([.. results.Select(r => r.FinalState.Stores)], 0),                                   // [S, B, C]
            router >= 0 ? results[router].FinalState.RoutingHistory : null);
        var result = new PhysicsResult(
            input.StatesOnly ? new Dictionary<string, Tensor>() : Gather(series, results.Select(r => r.Series).ToArray()),
            input.StatesOnly ? new Dictionary<string, Tensor>() : Gather(scalars, results.Select(r => r.Scalars).ToArray()),
            final, results[0].Budget);
        return PhysicsModel.MoveOut(result);
    }

    /// <summary>The newest series named <paramref name="name"/> among members before <paramref name="k"/>.</summary>
    static Tensor Latest(Dictionary<string, Tensor>[] outputs, int k, string name)
    {
        for (int j = k - 1; j >= 0; j--)
            if (outputs[j].TryGetValue(name, out var t)) return t;
        throw new InvalidOperationException($"no member before {k} produced '{name}' (the constructor checked the declarations).");
    }

    /// <summary>Member <paramref name="k"/>'s part of a chain state: its stores and, for the router, the routing history.</summary>
    PhysicsState? StateOf(PhysicsState? state, int k)
    {
        if (state is null) return null;
        int S = members[k].Declarations.Stores.Count;
        return new PhysicsState(state.Stores.narrow(0, storeStart[k], S), k == router ? state.RoutingHistory : null);
    }

    static Dictionary<string, Tensor> Gather((int Member, string Name, string Exposed)[] names, IReadOnlyDictionary<string, Tensor>[] byMember) =>
        names.Where(n => byMember[n.Member].ContainsKey(n.Name)).ToDictionary(n => n.Exposed, n => byMember[n.Member][n.Name]);
}
