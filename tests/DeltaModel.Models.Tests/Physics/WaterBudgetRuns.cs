using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// The water-budget test loop the physics model tests share (spec §10.21): each dtype in its own dispose scope without
/// gradient, a run split into two halves (a cold start, then a continuation with stores and in-transit routing water
/// carried over), and the checks every run must pass.
/// </summary>
internal static class WaterBudgetRuns
{
    /// <summary>
    /// Runs <paramref name="body"/> for float64, then float32, each in a dispose scope without gradient and with a fresh
    /// generator seeded <paramref name="seed"/> (both dtypes draw the same inputs).
    /// </summary>
    public static void ForEachDtype(ulong seed, Action<ScalarType, Generator> body)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            body(dtype, new Generator(seed));
        }
    }

    /// <summary>
    /// Two consecutive runs over the halves of the period (the first gets <c>T / 2</c> days): a cold start, then a
    /// continuation from the first run's final state.
    /// </summary>
    /// <param name="forcings">Forcings <c>[T, B, F]</c>.</param>
    /// <param name="parameters">Parameters by name, each <c>[T, B, C]</c>.</param>
    /// <param name="routing">Routing parameters <c>[B, 2]</c>, the same for both halves.</param>
    /// <param name="attributes">Static attributes, each <c>[B]</c>, for models that read some.</param>
    /// <returns>Each run with its label and the state it started from (null for the cold start).</returns>
    public static (string Label, PhysicsResult Result, PhysicsState? Before)[] RunInHalves(IPhysicsModel model, Tensor forcings,
        IReadOnlyDictionary<string, Tensor> parameters, Tensor routing, IReadOnlyDictionary<string, Tensor>? attributes = null)
    {
        long half = forcings.shape[0] / 2;
        var first = model.Run(new PhysicsInput
        {
            Forcings = forcings[TensorIndex.Slice(0, half)], Routing = routing, Attributes = attributes,
            Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[TensorIndex.Slice(0, half)]),
        });
        var second = model.Run(new PhysicsInput
        {
            Forcings = forcings[TensorIndex.Slice(half)], Routing = routing, Attributes = attributes, InitialState = first.FinalState,
            Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[TensorIndex.Slice(half)]),
        });
        return [("cold start", first, null), ("continued", second, first.FinalState)];
    }

    /// <summary>
    /// Asserts the budget closes: max |residual| ≤ 1e-4 mm in float64; in float32, where rounding grows with the
    /// sums, the relative residual (<see cref="MassBudget.MaxRelativeResidual"/>) ≤ 1e-5.
    /// </summary>
    public static void AssertCloses(MassBudget budget, ScalarType dtype, string label)
    {
        if (dtype == ScalarType.Float64)
        {
            double residual = budget.Residual.abs().max().item<double>();
            Assert.True(residual <= 1e-4, $"{label}: water budget residual {residual:E2} mm > 1e-4 mm");
        }
        else Assert.True(budget.MaxRelativeResidual() <= 1e-5, $"{label}: float32 relative residual {budget.MaxRelativeResidual():E2}");
    }

    /// <summary>Asserts the water stores end non-negative and every series is finite.</summary>
    /// <param name="waterStores">How many of the leading stores hold water (others, e.g. a snow heat deficit, may be
    /// negative); all by default.</param>
    public static void AssertStoresNonNegativeAndSeriesFinite(PhysicsResult result, string label, long? waterStores = null)
    {
        var stores = waterStores is { } n ? result.FinalState.Stores[TensorIndex.Slice(0, n)] : result.FinalState.Stores;
        Assert.True(stores.min().to(ScalarType.Float64).item<double>() >= 0, $"{label}: water stores must stay non-negative");
        foreach (var (key, series) in result.Series) Assert.True(series.isfinite().all().item<bool>(), $"{label}: {key} has non-finite values");
    }
}
