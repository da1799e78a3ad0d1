namespace DeltaModel.Models.Cases;

/// <summary>One gradient row of <c>grads_theta.csv</c>: dL/dθ summed over the days with gradient.</summary>
/// <param name="Parameter">Parameter name.</param>
/// <param name="Component">Component index, or <c>all</c> for routing parameters.</param>
/// <param name="Kind"><c>static</c>, <c>dynamic</c> or <c>routing</c>.</param>
/// <param name="Gradient">dL/dθ with L = Σ streamflow over the output days.</param>
/// <param name="StepsWithGradient">Days that contribute (1 for routing).</param>
public sealed record ThetaGradient(string Parameter, string Component, string Kind, double Gradient, int StepsWithGradient);

/// <summary>Results of one case run in one precision, as plain arrays (one basin).</summary>
public sealed class PhysicsCaseRun
{
    /// <summary>Whether the run was in float64.</summary>
    public required bool Float64 { get; init; }

    /// <summary>Physics backend used.</summary>
    public required string Backend { get; init; }

    /// <summary>Input dates (warm-up included), the rows of <see cref="RawGradients"/>.</summary>
    public required IReadOnlyList<string> InputDates { get; init; }

    /// <summary>Output dates.</summary>
    public required IReadOnlyList<string> OutputDates { get; init; }

    /// <summary>Series by name (model output order), one value per output day.</summary>
    public required IReadOnlyList<(string Name, double[] Values)> Series { get; init; }

    /// <summary>Scalars (e.g. BFI).</summary>
    public required IReadOnlyList<(string Name, double Value)> Scalars { get; init; }

    /// <summary>Store names.</summary>
    public required IReadOnlyList<string> StateNames { get; init; }

    /// <summary>Final stores <c>[S, C]</c> [mm].</summary>
    public required double[,] FinalStates { get; init; }

    /// <summary>Stores after the no-gradient warm-up <c>[S, C]</c>, or null.</summary>
    public double[,]? WarmUpEndStates { get; init; }

    /// <summary>Unit-hydrograph weights, or null without routing.</summary>
    public double[]? UhWeights { get; init; }

    /// <summary>dL/dθ per parameter and component.</summary>
    public required IReadOnlyList<ThetaGradient> ThetaGradients { get; init; }

    /// <summary>dL/d(raw network output) <c>[T, width]</c>.</summary>
    public required double[,] RawGradients { get; init; }

    /// <summary>Largest |residual| of the mass budget relative to the inputs.</summary>
    public required double MassResidual { get; init; }

    /// <summary>Wall time of forward + backward [s].</summary>
    public required double Seconds { get; init; }
}
