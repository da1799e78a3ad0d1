namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// A model's daily step, declared once for one (basin, component) against a generic number type. The framework runs it
/// with <see cref="Real"/> for the fused forward and records it with <see cref="Adjoint"/> for the exact backward
/// (<see cref="FusedSteps.Run{TStep}"/>): no per-day tensor ops, no hand-written adjoint.
/// <para>Implement it on a small <c>readonly struct</c> (the kernel is generic over it, so each call is resolved and
/// inlined at compile time); its fields are the run's switches and constants (ε, a snow switch), never tensors.
/// The step must read nothing but its arguments, limit every withdrawal to what a store holds, select with
/// <see cref="IScalar{T}.Where"/> on a comparison (<see cref="IScalar{T}.Less"/>) where the tensor path has an indicator
/// (no gradient) instead of branching (a number may hold several components, one per lane), and use the
/// <see cref="IScalar{T}"/> functions where the tensor path clamps, so both give the same subgradients.</para>
/// </summary>
public interface IScalarStep
{
    /// <summary>Parameters the step reads, in the model's channel order.</summary>
    int Parameters { get; }

    /// <summary>Forcing channels the step reads (per basin, the same for every component).</summary>
    int Forcings { get; }

    /// <summary>Stores, in state order.</summary>
    int Stores { get; }

    /// <summary>Daily fluxes the step returns.</summary>
    int Fluxes { get; }

    /// <summary>Advances one (basin, component) by one day.</summary>
    /// <param name="parameters">The day's parameters, physical units.</param>
    /// <param name="forcings">The day's forcings.</param>
    /// <param name="stores">Stores at the start of the day.</param>
    /// <param name="next">Stores at the end of the day (written).</param>
    /// <param name="fluxes">The day's fluxes (written).</param>
    void Step<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> forcings, ReadOnlySpan<T> stores, Span<T> next, Span<T> fluxes)
        where T : unmanaged, IScalar<T>;
}
