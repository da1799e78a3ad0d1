using DeltaModel.Core.Configuration;
using DeltaModel.Core.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeltaModel.Models.Neural;

/// <summary>
/// δHBV 2.0's two-branch network (spec §3.2, <c>LstmMlpModel</c>): an LSTM (<see cref="LstmNetwork"/>, on forcings
/// and attributes) writes the output channels that are read per day (dynamic parameters); an MLP on the normalized
/// static attributes alone, without a time axis, writes the channels read once per basin (static and routing
/// parameters). Both write raw (pre-sigmoid) values.
/// <para>Output layout: the usual <c>[T, B, ny]</c> of every sequence network, the MLP's values repeated over time
/// (a stride-0 expansion) in their channels, so parameter mapping and warm-up work unchanged; "static = last day"
/// is then exactly the MLP value, independent of where the sequence ends (fixes spec §10.15 for such models).</para>
/// <para>Deviations: the original applies the sigmoid inside the network and returns a pair; the MLP's width
/// (<c>mlp_hidden_size</c>) defaults to 256 instead of the original's 4096 (≈101 M weights, ~400 MB, for ~100
/// outputs per basin).</para>
/// </summary>
public sealed class LstmMlpNetwork : Module<Tensor, Tensor>, IRecurrentNetwork
{
    readonly LstmNetwork? lstm;
    readonly MlpNetwork mlp;
    readonly long attributeStart;
    readonly long[] order;

    /// <param name="layout">Input/output layout; needs attribute columns and at least one channel read once per basin.</param>
    /// <param name="lstmHiddenSize">LSTM width.</param>
    /// <param name="dropConnect">LSTM DropConnect rate (training). Range: [0, 1).</param>
    /// <param name="mlpHiddenSize">MLP width.</param>
    /// <param name="mlpLayers">MLP hidden layers. Range: ≥ 1.</param>
    /// <param name="mlpDropout">MLP activation dropout (training). Range: [0, 1).</param>
    public LstmMlpNetwork(NetworkLayout layout, long lstmHiddenSize, double dropConnect, long mlpHiddenSize, int mlpLayers, double mlpDropout,
        int recomputeSegments = 1)
        : base(nameof(LstmMlpNetwork))
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        if (layout.Attributes == 0)
            throw new ArgumentException("network 'lstm_mlp' needs static attributes for its MLP branch; list them in 'model.nn.attributes'.");
        var dynamicChannels = Enumerable.Range(0, (int)layout.Outputs).Where(layout.IsDynamic).ToList();
        var staticChannels = Enumerable.Range(0, (int)layout.Outputs).Where(k => !layout.IsDynamic(k)).ToList();
        if (staticChannels.Count == 0)
            throw new ArgumentException("network 'lstm_mlp': every output is read per day, so its MLP branch (static outputs) would have nothing to write; use 'lstm'.");
        if (dynamicChannels.Count > 0) lstm = new LstmNetwork(layout.Inputs, lstmHiddenSize, dynamicChannels.Count, dropConnect, recomputeSegments: recomputeSegments);
        mlp = new MlpNetwork(layout.Attributes, mlpHiddenSize, staticChannels.Count, mlpLayers, mlpDropout);
        attributeStart = layout.AttributeStart;
        // Output channel k is column order[k] of cat([lstm outputs, mlp outputs]).
        order = new long[layout.Outputs];
        for (int i = 0; i < dynamicChannels.Count; i++) order[dynamicChannels[i]] = i;
        for (int i = 0; i < staticChannels.Count; i++) order[staticChannels[i]] = dynamicChannels.Count + i;
        InputSize = layout.Inputs;
        OutputSize = layout.Outputs;
        DynamicOutputs = dynamicChannels.Count;
        RegisterComponents();
    }

    /// <summary>Builds the network from <c>model.nn</c>: <c>hidden_size</c>/<c>dropout</c> for the LSTM, the
    /// network's own keys (<c>mlp_hidden_size</c>/<c>mlp_layers</c>/<c>mlp_dropout</c>) for the MLP.</summary>
    public static LstmMlpNetwork For(NeuralNetworkConfig c, LstmMlpOptions mlp, NetworkLayout layout) =>
        new(layout, c.HiddenSize, c.Dropout, mlp.MlpHiddenSize, mlp.MlpLayers, mlp.MlpDropout, c.RecomputeSegments);

    public long InputSize { get; }
    public long OutputSize { get; }

    /// <summary>Output channels written by the LSTM branch (the rest come from the MLP).</summary>
    public long DynamicOutputs { get; }

    nn.Module ISequenceNetwork.Module => this;

    public override Tensor forward(Tensor x) => Forward(x, 0);

    /// <summary><paramref name="x"/> <c>[T, B, nx]</c> (attributes in the last columns) → <c>[T, B, ny]</c>.</summary>
    public Tensor Forward(Tensor x, long noGradSteps) => Forward(x, noGradSteps, OutputPlan.Everything);

    /// <summary>
    /// As <see cref="Forward(Tensor, long)"/>; the LSTM branch's output layer skips the days before
    /// <see cref="OutputPlan.FirstDynamicDay"/> (zero there). The MLP's static values cost one row per basin, so they
    /// are written on every day whatever the plan.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan)
    {
        using var scope = NewDisposeScope();
        var statics = Statics(x);
        // Every LSTM-branch channel is per day: only the plan's first dynamic day concerns it.
        var all = lstm is null ? statics : cat([lstm.Forward(x, noGradSteps, new OutputPlan(plan.FirstDynamicDay, [])), statics], 2);   // [T, B, nd + ns]
        return InOutputOrder(all).MoveToOuterDisposeScope();                                  // [T, B, ny]
    }

    long IRecurrentNetwork.StateSize => lstm?.HiddenSize ?? 0;

    /// <summary>True: the channels read once per basin are the MLP's, the same on every day.</summary>
    public bool HasStaticHead => true;

    /// <summary>Runs every day of <paramref name="x"/> <c>[t, B, nx]</c>, the LSTM branch from <paramref name="state"/> (null = zeros).</summary>
    /// <returns>The output <c>[t, B, ny]</c> and the LSTM branch's state after the last day (null without that branch).</returns>
    public (Tensor Output, RecurrentState? Next) Continue(Tensor x, RecurrentState? state)
    {
        using var scope = NewDisposeScope();
        var statics = Statics(x);
        if (lstm is null) return (InOutputOrder(statics).MoveToOuterDisposeScope(), null);
        var (dynamics, next) = lstm.Continue(x, state);
        return (InOutputOrder(cat([dynamics, statics], 2)).MoveToOuterDisposeScope(), next!.MoveToOuterDisposeScope());
    }

    /// <summary>The MLP's values on the attributes of <paramref name="x"/> (the same every day), <c>[T, B, ns]</c>, stride 0 in time.</summary>
    Tensor Statics(Tensor x)
    {
        var attributes = x[0, .., TensorIndex.Slice(attributeStart)];                         // [B, na]
        return mlp.forward(attributes).unsqueeze(0).expand(x.shape[0], x.shape[1], -1);
    }

    /// <summary>Columns of <c>cat([lstm outputs, mlp outputs])</c> put in output-channel order.</summary>
    Tensor InOutputOrder(Tensor all) => all.index_select(2, tensor(order, device: all.device));

    /// <summary>LSTM DropConnect masks for the step (the MLP's activation dropout needs no preparation).</summary>
    public IDisposable BeginTrainingStep(Generator generator) =>
        lstm is null ? NoScope.Instance : lstm.BeginDropConnect(generator);
}
