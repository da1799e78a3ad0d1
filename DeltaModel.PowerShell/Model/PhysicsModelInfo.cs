using DeltaModel.Models.Physics;

namespace DeltaModel.PowerShell.Model;

/// <summary>A registered physics model as <c>Get-DeltaPhysicsModel</c> lists it: what it reads, its parameters and bounds, what it simulates.</summary>
public sealed class PhysicsModelInfo
{
    public PhysicsModelInfo(string name, IPhysicsModel model)
    {
        Name = name;
        Parameters = model.Declarations.Parameters;
        RoutingParameters = model.Declarations.RoutingParameters;
        Forcings = model.Declarations.Forcings;
        States = model.Declarations.StoreNames;
        Outputs = model.Declarations.OutputNames;
        WarmUpWithoutGradient = model.WarmUpWithoutGradient;
    }

    /// <summary>Registry name (aliases listed separately).</summary>
    public string Name { get; }
    public IReadOnlyList<ParameterSpec> Parameters { get; }
    public IReadOnlyList<ParameterSpec> RoutingParameters { get; }
    public IReadOnlyList<string> Forcings { get; }
    public IReadOnlyList<string> States { get; }
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Whether warm-up is spun up without gradient by default.</summary>
    public bool WarmUpWithoutGradient { get; }

    public override string ToString() => Name;
}
