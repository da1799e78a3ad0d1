namespace DeltaModel.Bmi.Inference;

/// <summary>
/// Gamma unit-hydrograph routing of one basin, day by day (DeltaModel's <c>GammaUnitHydrograph</c>, spec §2.9): weights
/// <c>w_k ∝ exp((α − 1)·ln t_k − t_k/θ)</c> at <c>t_k = k + 0.5</c>, <c>α = relu(a) + 0.1</c>, <c>θ = relu(b) + 0.5</c>,
/// normalized; routed <c>y_t = Σ_k w_k·x_{t−k}</c> over the carried history of the last <c>L − 1</c> days.
/// </summary>
internal static class UnitHydrograph
{
    public const int Length = 15;

    /// <summary>The <see cref="Length"/> weights for routing parameters <paramref name="a"/>, <paramref name="b"/>.</summary>
    public static float[] Weights(float a, float b)
    {
        float alpha = MathF.Max(a, 0) + 0.1f, theta = MathF.Max(b, 0) + 0.5f;
        var log = new float[Length];
        for (int k = 0; k < Length; k++)
        {
            float t = k + 0.5f;
            log[k] = (alpha - 1) * MathF.Log(t) - t / theta;
        }
        float max = log.Max(), sum = 0;
        var w = new float[Length];
        for (int k = 0; k < Length; k++) sum += w[k] = MathF.Exp(log[k] - max);
        for (int k = 0; k < Length; k++) w[k] /= sum;
        return w;
    }

    /// <summary>
    /// Routes today's <paramref name="x"/> (K series) given <paramref name="history"/> <c>[L − 1, K]</c> (oldest day
    /// first), writes the routed values to <paramref name="y"/> (null weights: no routing, y = x) and shifts today into
    /// the history.
    /// </summary>
    public static void Step(float[]? weights, ReadOnlySpan<float> x, Span<float> history, Span<float> y)
    {
        int K = x.Length;
        for (int s = 0; s < K; s++)
        {
            if (weights is null) { y[s] = x[s]; continue; }
            float v = weights[0] * x[s];
            for (int k = 1; k < Length; k++) v += weights[k] * history[(Length - 1 - k) * K + s];
            y[s] = v;
        }
        history[K..].CopyTo(history);
        x.CopyTo(history[((Length - 2) * K)..]);
    }
}
