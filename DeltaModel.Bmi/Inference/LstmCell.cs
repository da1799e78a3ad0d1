namespace DeltaModel.Bmi.Inference;

/// <summary>
/// One layer of libtorch's LSTM, one day at a time: gates <c>[i, f, g, o] = W_ih·x + b_ih + W_hh·h + b_hh</c> (in that
/// row order), <c>c ← σ(f)·c + σ(i)·tanh(g)</c>, <c>h ← σ(o)·tanh(c)</c>. The state (h, c) is the caller's.
/// </summary>
internal sealed class LstmCell(DenseLayer inputGates, DenseLayer hiddenGates)
{
    public int Hidden { get; } = hiddenGates.Inputs;

    /// <summary>Advances <paramref name="h"/> and <paramref name="c"/> by one step on input <paramref name="x"/>;
    /// <paramref name="gates"/> is scratch of <c>4·H</c>.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> c, Span<float> gates, Span<float> recurrent)
    {
        int H = Hidden;
        inputGates.Apply(x, gates);
        hiddenGates.Apply(h, recurrent);
        for (int k = 0; k < H; k++)
        {
            float i = Sigmoid(gates[k] + recurrent[k]);
            float f = Sigmoid(gates[H + k] + recurrent[H + k]);
            float g = MathF.Tanh(gates[2 * H + k] + recurrent[2 * H + k]);
            float o = Sigmoid(gates[3 * H + k] + recurrent[3 * H + k]);
            c[k] = f * c[k] + i * g;
            h[k] = o * MathF.Tanh(c[k]);
        }
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
