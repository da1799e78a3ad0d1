namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// HBV 1.1p (δMG/hydrodl2 <c>Hbv_1_1p</c>, spec §2.4): HBV 1.0 with the ET exponent parBETAET always on and capillary
/// rise from the lower zone (parC); fourteen parameters per component. Warm-up runs with gradient and is cropped by
/// default (<c>warm_up_states: false</c> in the original's config). Registry name <c>hbv_1_1p</c>.
/// </summary>
public sealed class Hbv11p : HbvModel
{
    static readonly IReadOnlyList<ParameterSpec> All = [.. HbvParameters.Core, HbvParameters.BetaEt, HbvParameters.C];

    /// <param name="options">Components, dynamic parameters, routing, backend, …</param>
    public Hbv11p(PhysicsOptions options)
        : base("hbv_1_1p", options, All, betaEt: true, capillary: true, warmUpWithoutGradient: false)
    {
    }
}
