using DeltaModel.Models.Physics;

namespace DeltaModel.PowerShell.Model;

/// <summary>One parameter of a physics model with the model's name, for flat tables across models (<c>Get-DeltaPhysicsModel -Parameter</c>).</summary>
public sealed class PhysicsParameterInfo(string model, ParameterSpec spec, bool routing)
{
    public string Model { get; } = model;
    public string Name => Spec.Name;
    public double Lower => Spec.Lower;
    public double Upper => Spec.Upper;
    public string Unit => Spec.Unit;
    public string Description => Spec.Description;

    /// <summary>A per-basin routing parameter (never dynamic).</summary>
    public bool Routing { get; } = routing;

    public bool CanBeDynamic => Spec.CanBeDynamic && !Routing;

    /// <summary>The Core parameter description.</summary>
    public ParameterSpec Spec { get; } = spec;

    public override string ToString() => $"{Model}.{Name} [{Lower}, {Upper}] {Unit}";
}
