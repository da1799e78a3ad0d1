namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// HBV 1.0 (δMG/hydrodl2 <c>Hbv</c>, spec §2.3): snow, soil, two-box response; twelve parameters per component, plus
/// the ET exponent parBETAET when it is listed among the dynamic parameters (appended last, as in the original).
/// Warm-up spins up without gradient by default. Registry names <c>hbv</c>, <c>hbv_1_0</c>.
/// </summary>
public sealed class Hbv : HbvModel
{
    /// <param name="options">Components, dynamic parameters, routing, backend, …</param>
    public Hbv(PhysicsOptions options)
        : base("hbv", options, ParametersFor(options), betaEt: UsesBetaEt(options), capillary: false, warmUpWithoutGradient: true)
    {
    }

    static bool UsesBetaEt(PhysicsOptions options) => options.DynamicParameters.Contains(HbvParameters.BetaEt.Name);

    static IReadOnlyList<ParameterSpec> ParametersFor(PhysicsOptions options) =>
        UsesBetaEt(options) ? [.. HbvParameters.Core, HbvParameters.BetaEt] : HbvParameters.Core;
}
