using DeltaModel.Bmi.Deployment;

namespace DeltaModel.Bmi.Inference;

/// <summary>
/// The parameterization network of a trained hybrid model, forward only, one day and one basin at a time: an LSTM
/// branch (<c>Linear → ReLU → LSTM → Linear</c>, DeltaModel's <c>LstmNetwork</c>) for the channels read per day, and
/// for <c>lstm_mlp</c> an MLP (<c>(Linear → ReLU)×n → Linear</c>) on the normalized attributes for the channels read
/// once per basin; outputs in the model's channel order (<see cref="NetworkManifest.ChannelOrder"/>), raw (before
/// the sigmoid of the parameter mapping).
/// </summary>
internal sealed class ParameterNetwork
{
    readonly DenseLayer? lstmIn, lstmOut;
    readonly LstmCell? lstm;
    readonly DenseLayer[] mlp;
    readonly int[] order;
    readonly float[] hidden, gates, recurrent, branchOutputs, mlpScratchA, mlpScratchB;

    public ParameterNetwork(NetworkManifest manifest, int inputs, int attributes, IReadOnlyDictionary<string, (long[] Shape, float[] Values)> weights)
    {
        if (manifest.Kind is not ("lstm_mlp" or "lstm")) throw new BmiException($"network '{manifest.Kind}' cannot run here; expected lstm_mlp or lstm.");
        DenseLayer Layer(string name)
        {
            if (!weights.TryGetValue(name + ".weight", out var w) || !weights.TryGetValue(name + ".bias", out var b))
                throw new BmiException($"the weights file has no '{name}.weight' and '{name}.bias'.");
            if (w.Shape.Length != 2) throw new BmiException($"'{name}.weight' must be a matrix, got [{string.Join(", ", w.Shape)}].");
            return new DenseLayer(w.Values, b.Values, (int)w.Shape[1], (int)w.Shape[0]);
        }
        int dynamicOutputs = 0;
        if (manifest.HiddenSize > 0)
        {
            lstmIn = Layer("lstm.input");
            lstm = new LstmCell(Layer("lstm.ih"), Layer("lstm.hh"));
            lstmOut = Layer("lstm.output");
            if (lstmIn.Inputs != inputs) throw new BmiException($"the LSTM reads {lstmIn.Inputs} inputs, the manifest lists {inputs} forcings and attributes.");
            dynamicOutputs = lstmOut.Outputs;
        }
        mlp = [.. Enumerable.Range(0, manifest.Kind == "lstm_mlp" ? manifest.MlpLayers + 1 : 0).Select(i => Layer($"mlp.{i}"))];
        if (mlp.Length > 0 && mlp[0].Inputs != attributes) throw new BmiException($"the MLP reads {mlp[0].Inputs} attributes, the manifest lists {attributes}.");
        order = [.. manifest.ChannelOrder];
        int total = dynamicOutputs + (mlp.Length > 0 ? mlp[^1].Outputs : 0);
        if (order.Length != total || order.Any(k => k < 0 || k >= total))
            throw new BmiException($"the channel order lists {order.Length} channels for {total} network outputs.");
        int H = manifest.HiddenSize, widest = mlp.Length > 0 ? mlp.Max(l => l.Outputs) : 0;
        (hidden, gates, recurrent) = (new float[H], new float[4 * H], new float[4 * H]);
        branchOutputs = new float[total];
        (mlpScratchA, mlpScratchB) = (new float[widest], new float[widest]);
        Inputs = inputs;
        Attributes = attributes;
    }

    public int Inputs { get; }
    public int Attributes { get; }

    /// <summary>LSTM width H (the size of h and c); 0 without an LSTM branch.</summary>
    public int StateSize => lstm?.Hidden ?? 0;

    /// <summary>Raw output channels.</summary>
    public int Outputs => order.Length;

    /// <summary>The raw value of channel <paramref name="k"/> when it comes from the MLP head (given its
    /// <paramref name="statics"/>); routing parameters are read this way, once.</summary>
    /// <exception cref="BmiException">The channel is written by the LSTM, so it has no value before a day is run.</exception>
    public float StaticChannel(float[] statics, int k)
    {
        int column = order[k], nd = order.Length - statics.Length;
        if (column < nd) throw new BmiException($"network channel {k} is written per day by the LSTM; a routing or static parameter must come from the MLP head (network lstm_mlp).");
        return statics[column - nd];
    }

    /// <summary>The MLP branch's outputs for a basin's normalized attributes (constant over time), or empty without an MLP.</summary>
    public float[] Statics(ReadOnlySpan<float> attributes)
    {
        if (mlp.Length == 0) return [];
        Span<float> x = mlpScratchA, y = mlpScratchB;
        attributes.CopyTo(x);
        int width = attributes.Length;
        for (int i = 0; i < mlp.Length; i++)
        {
            mlp[i].Apply(x[..width], y, relu: i < mlp.Length - 1);
            width = mlp[i].Outputs;
            var swap = x; x = y; y = swap;
        }
        return x[..width].ToArray();
    }

    /// <summary>One day of one basin: advances its LSTM state (<paramref name="h"/>, <paramref name="c"/>) on input
    /// <paramref name="x"/> (normalized forcings then attributes) and writes the raw channels to <paramref name="raw"/>.</summary>
    public void Step(ReadOnlySpan<float> x, ReadOnlySpan<float> statics, Span<float> h, Span<float> c, Span<float> raw)
    {
        int nd = 0;
        if (lstm is not null)
        {
            lstmIn!.Apply(x, hidden, relu: true);
            lstm.Step(hidden, h, c, gates, recurrent);
            lstmOut!.Apply(h, branchOutputs);
            nd = lstmOut.Outputs;
        }
        statics.CopyTo(branchOutputs.AsSpan(nd));
        for (int k = 0; k < order.Length; k++) raw[k] = branchOutputs[order[k]];
    }
}
