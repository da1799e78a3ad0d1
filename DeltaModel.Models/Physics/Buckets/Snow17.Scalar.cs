using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Physics.Buckets;

internal static partial class Snow17
{
    /// <summary>A day's Snow-17 outcome for one (basin, component); fields as in <see cref="Result"/>.</summary>
    public readonly record struct Result<T>(T Ice, T Liquid, T Deficit, T Ati, T Rain, T Snowfall, T Melt, T Outflow);

    /// <summary>One day of Snow-17 for one (basin, component), declared for the fused backend
    /// (<see cref="IScalarStep"/>): the equations of the tensor <see cref="Step(TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>,
    /// in its order, with its subgradients.</summary>
    /// <param name="p">Parameters in <see cref="ParameterTable"/> order (more may follow).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Result<T> Step<T>(ReadOnlySpan<T> p, T prcp, T temp, T ice, T liquid, T deficit, T ati) where T : unmanaged, IScalar<T>
    {
        T scf = p[0], pxtemp = p[1], mf = p[2], mbase = p[3], tipm = p[4], nmf = p[5], plwhc = p[6], daygm = p[7];
        var isSnow = T.LessOrEqual(temp, pxtemp);                                        // indicator: no gradient to pxtemp
        var rain = T.Where(isSnow, T.Constant(0), prcp);
        var snowfall = T.Where(isSnow, T.Any(isSnow) ? scf * prcp : T.Constant(0), T.Constant(0));
        var ice1 = ice + snowfall;

        var melt = T.Min(T.ClampMin(mf * (temp - mbase), 0), ice1);
        var ice2 = ice1 - melt;
        var groundMelt = T.Min(daygm, ice2);
        var ice3 = ice2 - groundMelt;

        var tSurface = T.ClampMax(temp, 0);
        var weight = 1.0 - T.Pow(1.0 - tipm, 4);
        var ati1 = T.ClampMax(ati + weight * (tSurface - ati), 0);
        var newSnowCold = tSurface * snowfall * (1 / FusionOverHeat);
        var deficit1 = T.ClampMin(deficit - newSnowCold + nmf * (ati1 - tSurface), 0);
        var deficit2 = T.Min(deficit1, ice3 * MaxDeficitRatio);

        var liquid1 = liquid + melt + rain;
        var refreeze = T.Min(liquid1, deficit2);
        var liquid2 = liquid1 - refreeze;
        var ice4 = ice3 + refreeze;
        var deficit3 = deficit2 - refreeze;
        var outflow = T.ClampMin(liquid2 - plwhc * ice4, 0);
        var liquid3 = liquid2 - outflow;
        return new(ice4, liquid3, deficit3, ati1, rain, snowfall, melt, outflow + groundMelt);
    }
}
