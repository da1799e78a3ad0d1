using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// The processes of the HBV step a network may replace (docs/coupling.md, process replacement), and the replacements of
/// one run. Each replaced quantity keeps the role and the bound of the equation it stands for, so the stores stay
/// non-negative and the water balance closes whatever the network says:
/// <list type="bullet">
/// <item><c>evapotranspiration</c>: the soil-moisture ET factor [0, 1] (the equation:
/// <c>min(1, (SM / (LP·FC))^BETAET)</c>); ET = min(SM, PET · factor).</item>
/// <item><c>percolation</c>: the share [0, 1] of the upper zone that percolates to the lower zone that day (the
/// equation: <c>min(1, PERC / SUZ)</c>); percolation = share · SUZ. A share rather than a rate capped by SUZ: the cap
/// would hide the network from the gradient on every day the upper zone holds less than its rate.</item>
/// </list>
/// </summary>
internal readonly record struct HbvProcesses(ProcessFunction? EvapFactor, ProcessFunction? Percolation)
{
    public const string Evapotranspiration = "evapotranspiration", PercolationName = "percolation";

    /// <summary>The stores a replaced process may read, at the point of the step where it acts.</summary>
    static readonly IReadOnlyList<string> Stores = HbvModel.StoreNames;

    static readonly IReadOnlyList<string> Forcings = ["prcp", "tmean", "pet"];

    /// <summary>The two processes of a variant with <paramref name="parameters"/>: stores, forcings and its parameters are their inputs.</summary>
    public static IReadOnlyList<ProcessSpec> Declare(IReadOnlyList<ParameterSpec> parameters)
    {
        IReadOnlyList<string> inputs = [.. Stores, .. Forcings, .. parameters.Select(p => p.Name)];
        return
        [
            new(Evapotranspiration, 0, 1, "-", "soil-moisture ET factor; ET = min(SM, PET·factor) (replaces min(1, (SM/(LP·FC))^BETAET)); SM after today's recharge", inputs),
            new(PercolationName, 0, 1, "-",
                "share of the upper zone percolating to the lower zone; percolation = share·SUZ (replaces min(SUZ, PERC)); SUZ after today's recharge", inputs),
        ];
    }

    /// <summary>The replacements of a run (none when <paramref name="processes"/> is null).</summary>
    public static HbvProcesses From(IReadOnlyDictionary<string, ProcessFunction>? processes) =>
        processes is null ? default : new(processes.GetValueOrDefault(Evapotranspiration), processes.GetValueOrDefault(PercolationName));

    /// <summary>
    /// What a replaced process reads on a day: a store at that point of the step, a forcing broadcast over components,
    /// or a parameter, each <c>[B, C]</c>.
    /// </summary>
    public static Func<string, Tensor> Inputs(HbvDayParameters p, Tensor prcp, Tensor temp, Tensor pet, Tensor like,
        Tensor snowpack, Tensor meltwater, Tensor soilMoisture, Tensor upperZone, Tensor lowerZone) => name => name switch
    {
        "SNOWPACK" => snowpack,
        "MELTWATER" => meltwater,
        "SM" => soilMoisture,
        "SUZ" => upperZone,
        "SLZ" => lowerZone,
        "prcp" => prcp.expand_as(like),
        "tmean" => temp.expand_as(like),
        "pet" => pet.expand_as(like),
        "parBETA" => p.Beta,
        "parFC" => p.Fc,
        "parK0" => p.K0,
        "parK1" => p.K1,
        "parK2" => p.K2,
        "parLP" => p.Lp,
        "parPERC" => p.Perc,
        "parUZL" => p.Uzl,
        "parTT" => p.Tt,
        "parCFMAX" => p.Cfmax,
        "parCFR" => p.Cfr,
        "parCWH" => p.Cwh,
        "parBETAET" when p.BetaEt is { } b => b,
        "parC" when p.C is { } c => c,
        _ => throw new ArgumentException($"a replaced HBV process cannot read '{name}'; it reads {string.Join(", ", Stores.Concat(Forcings))} and the model's parameters."),
    };
}
