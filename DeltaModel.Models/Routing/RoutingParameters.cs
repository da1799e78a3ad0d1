using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Routing;

/// <summary>
/// The per-basin parameters of the gamma unit hydrograph (spec §2.9, exact bounds of the Python original). Every
/// physics model that routes asks for these two, in this channel order, after its own parameters; they are static
/// (one value per basin, spec §1.3).
/// </summary>
public static class RoutingParameters
{
    /// <summary>Gamma UH shape before the +0.1 offset (spec §2.9).</summary>
    public static readonly ParameterSpec RouteA = new("route_a", 0, 2.9, "-", "gamma unit-hydrograph shape (α = a + 0.1)", CanBeDynamic: false);

    /// <summary>Gamma UH scale before the +0.5 offset [d] (spec §2.9).</summary>
    public static readonly ParameterSpec RouteB = new("route_b", 0, 6.5, "d", "gamma unit-hydrograph scale (θ = b + 0.5)", CanBeDynamic: false);

    /// <summary>The two routing parameters, in channel order.</summary>
    public static readonly IReadOnlyList<ParameterSpec> All = [RouteA, RouteB];
}
