using System.Numerics;
using System.Runtime.InteropServices;

namespace DeltaModel.Bmi.Inference;

/// <summary>A fully connected layer <c>y = W·x + b</c> (libtorch's <c>Linear</c>: <c>W [out, in]</c> row-major), float32, SIMD rows.</summary>
internal sealed class DenseLayer
{
    readonly float[] weight, bias;

    public DenseLayer(float[] weight, float[] bias, int inputs, int outputs)
    {
        if (weight.Length != inputs * outputs || bias.Length != outputs)
            throw new BmiException($"a dense layer of {inputs} → {outputs} needs {inputs * outputs} weights and {outputs} biases, got {weight.Length} and {bias.Length}.");
        (this.weight, this.bias, Inputs, Outputs) = (weight, bias, inputs, outputs);
    }

    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>Writes <c>W·x + b</c> into <paramref name="y"/>; with <paramref name="relu"/>, <c>max(·, 0)</c>.</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y, bool relu = false)
    {
        for (int o = 0; o < Outputs; o++)
        {
            float v = Dot(weight.AsSpan(o * Inputs, Inputs), x) + bias[o];
            y[o] = relu && v < 0 ? 0 : v;
        }
    }

    /// <summary>Σ a·b with <see cref="Vector{T}"/> lanes.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length, L = Vector<float>.Count, i = 0;
        var sum = Vector<float>.Zero;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..n]);
        for (int k = 0; k < va.Length; k++) sum += va[k] * vb[k];
        i = va.Length * L;
        float s = Vector.Sum(sum);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }
}
