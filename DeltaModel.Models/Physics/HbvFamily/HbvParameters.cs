namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// The HBV parameter table (spec §2.2, exact bounds of the Python original), shared by every HBV variant. Each variant
/// picks its subset in network-channel order (= table order).
/// </summary>
public static class HbvParameters
{
    public static readonly ParameterSpec Beta = new("parBETA", 1.0, 6.0, "-", "soil recharge shape exponent");
    public static readonly ParameterSpec Fc = new("parFC", 50, 1000, "mm", "maximum soil moisture storage (field capacity)");
    public static readonly ParameterSpec K0 = new("parK0", 0.05, 0.9, "1/d", "fast upper-zone recession above UZL");
    public static readonly ParameterSpec K1 = new("parK1", 0.01, 0.5, "1/d", "upper-zone recession");
    public static readonly ParameterSpec K2 = new("parK2", 0.001, 0.2, "1/d", "lower-zone recession");
    public static readonly ParameterSpec Lp = new("parLP", 0.2, 1, "-", "fraction of FC above which ET is potential");
    public static readonly ParameterSpec Perc = new("parPERC", 0, 10, "mm/d", "maximum percolation to the lower zone");
    public static readonly ParameterSpec Uzl = new("parUZL", 0, 100, "mm", "upper-zone threshold for fast flow");
    public static readonly ParameterSpec Tt = new("parTT", -2.5, 2.5, "°C", "rain/snow and melt threshold temperature");
    public static readonly ParameterSpec Cfmax = new("parCFMAX", 0.5, 10, "mm/°C/d", "degree-day melt factor");
    public static readonly ParameterSpec Cfr = new("parCFR", 0, 0.1, "-", "refreezing coefficient");
    public static readonly ParameterSpec Cwh = new("parCWH", 0, 0.2, "-", "liquid water holding capacity of snow");
    public static readonly ParameterSpec BetaEt = new("parBETAET", 0.3, 5, "-", "ET shape exponent");
    public static readonly ParameterSpec C = new("parC", 0, 1, "1/d", "capillary-rise coefficient (HBV 1.1p)");
    public static readonly ParameterSpec Rt = new("parRT", 0, 20, "mm/d", "lateral/regional exchange magnitude of the lower zone (HBV 2.0)");
    public static readonly ParameterSpec Ac = new("parAC", 0, 2500, "km²", "upstream-area threshold of the exchange: loss below, gain above (HBV 2.0)");

    /// <summary>The twelve parameters every daily HBV has, in channel order.</summary>
    public static readonly IReadOnlyList<ParameterSpec> Core = [Beta, Fc, K0, K1, K2, Lp, Perc, Uzl, Tt, Cfmax, Cfr, Cwh];
}
