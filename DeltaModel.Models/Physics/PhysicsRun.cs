using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// One checked run, as <see cref="PhysicsModel.Run"/> hands it to a model's <see cref="PhysicsModel.Simulate"/>:
/// forcings, parameters and initial stores validated and cast to the run's dtype (that of the forcings).
/// </summary>
public sealed class PhysicsRun
{
    internal PhysicsRun(PhysicsInput input, long T, long B, long C, Tensor[] parameters)
    {
        Input = input;
        (this.T, this.B, this.C) = (T, B, C);
        Parameters = parameters;
    }

    /// <summary>The input as given (routing parameters, attributes, carried routing history, states-only flag).</summary>
    public PhysicsInput Input { get; }

    /// <summary>Forcings <c>[T, B, F]</c> in the order of <see cref="PhysicsDeclarations.Forcings"/>, physical units.</summary>
    public Tensor Forcings => Input.Forcings;

    /// <summary>The run's dtype (that of the forcings); parameters and stores are cast to it.</summary>
    public ScalarType Dtype => Input.Forcings.dtype;

    /// <summary>Days.</summary>
    public long T { get; }

    /// <summary>Basins.</summary>
    public long B { get; }

    /// <summary>Components (parallel parameter sets, <see cref="PhysicsOptions.Components"/>).</summary>
    public long C { get; }

    /// <summary>Parameters in <see cref="PhysicsDeclarations.Parameters"/> order, each <c>[T, B, C]</c> in the run's dtype
    /// (static ones keep their stride-0 time axis).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Stores at the start of the run <c>[S, B, C]</c>, in the run's dtype (given, or the model's own).</summary>
    public Tensor InitialStores { get; internal set; } = null!;

    /// <summary>The parameters split for a daily loop.</summary>
    public DailyParameters Daily() => new(Parameters);

    /// <summary>Forcing <paramref name="channel"/> split into days once, T × <c>[B, 1]</c>.</summary>
    public Tensor[] ForcingDays(int channel) => Forcings[.., .., channel].unsqueeze(-1).unbind(0);
}
