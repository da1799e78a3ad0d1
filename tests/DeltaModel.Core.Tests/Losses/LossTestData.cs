using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Losses;

/// <summary>Small hand-checkable batches shared by the loss tests.</summary>
internal static class LossTestData
{
    /// <summary>[T, b] tensor from row-major values.</summary>
    public static Tensor Matrix(double[] values, int t, int b, ScalarType dtype = ScalarType.Float64, bool grad = false) =>
        tensor(values, [t, b], dtype: dtype, requires_grad: grad);

    // prediction [[1, 2], [3, 4]], target [[1, 1], [2, 6]]: errors 0, 1, 1, −2.
    public static readonly double[] P = [1, 2, 3, 4];
    public static readonly double[] Y = [1, 1, 2, 6];

    public static double G(double x) => Math.Log10(Math.Sqrt(x + 1e-6) + 0.1);
}
