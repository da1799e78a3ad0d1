using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests;

/// <summary>Small synthetic datasets for unit tests that do not need real files.</summary>
internal static class TestData
{
    /// <summary>A dataset of <paramref name="basins"/> basins × <paramref name="days"/> days with prcp, tmean, pet, streamflow and two attributes.</summary>
    public static HydroDataset Synthetic(int basins, int days, int seed = 1, DateOnly? start = null)
    {
        var rng = new Random(seed);
        float[] Make(Func<int, int, double> f)
        {
            var v = new float[days * basins];
            for (int t = 0; t < days; t++)
            for (int b = 0; b < basins; b++) v[t * basins + b] = (float)f(t, b);
            return v;
        }
        var ids = Enumerable.Range(0, basins).Select(b => $"{b + 1:D8}").ToList();
        return new HydroDataset(ids, start ?? new DateOnly(2000, 1, 1), days,
            [
                new DynamicVariable("prcp", "mm/d", days, basins, Make((_, _) => rng.NextDouble() < 0.6 ? 0 : rng.NextDouble() * 20)),
                new DynamicVariable("tmean", "°C", days, basins, Make((t, b) => 10 + 12 * Math.Sin(2 * Math.PI * t / 365.25) + b)),
                new DynamicVariable("pet", "mm/d", days, basins, Make((t, _) => 2 + 1.5 * Math.Sin(2 * Math.PI * t / 365.25))),
                new DynamicVariable("streamflow", "mm/d", days, basins, Make((t, b) => 1 + 0.5 * Math.Cos(t / 30.0) + 0.1 * b)),
            ],
            [
                new StaticAttribute("p_mean", "mm/d", Enumerable.Range(0, basins).Select(b => 2.0 + b).ToArray()),
                new StaticAttribute("area_gages2", "km2", Enumerable.Range(0, basins).Select(b => 100.0 * (b + 1)).ToArray()),
            ],
            Enumerable.Range(0, basins).Select(b => new BasinLocation(40 + b, 100, 100.0 * (b + 1))).ToList());
    }
}
