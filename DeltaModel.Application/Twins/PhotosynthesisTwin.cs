using System.Globalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Models.Physics.Photosynthesis;
using static TorchSharp.torch;

namespace DeltaModel.Application.Twins;

/// <summary>
/// A synthetic ("twin") photosynthesis dataset: sites with leaf traits, a KNOWN trait → Vcmax25 and trait → g1 relation,
/// measurement conditions (PAR, leaf temperature, CO₂, VPD) on many days per site, and "observations" of net
/// assimilation and stomatal conductance made by <see cref="FvcbMedlyn"/> from the true parameters plus noise. Written
/// in the generic per-basin layout (docs/data.md): <c>time_series/&lt;site&gt;.csv</c>, <c>attributes/attributes.csv</c>
/// (the traits and the true parameters), and <c>sites.txt</c>. Nothing here is measured; docs/photosynthesis.md
/// describes the design. The draw is deterministic for a seed (<see cref="Random"/> with a seed is stable across .NET versions).
/// </summary>
public static class PhotosynthesisTwin
{
    /// <summary>The attribute holding each site's true Vcmax25 (for <c>test.true_parameters</c>).</summary>
    public const string TrueVcmax25Attribute = "vcmax25_true";

    /// <summary>The attribute holding each site's true g1.</summary>
    public const string TrueG1Attribute = "g1_true";

    /// <summary>The traits a network may read.</summary>
    public static readonly IReadOnlyList<string> Traits = ["leaf_n", "lma", "tgrowth", "moisture"];

    /// <summary>
    /// The known trait relation of Vcmax25 [µmol m⁻² s⁻¹]: linear in leaf nitrogen per area (N_area = N_mass · LMA, as
    /// in Walker et al. 2014's global synthesis) with a mild decline with growth temperature (thermal acclimation).
    /// </summary>
    /// <param name="leafN">Leaf nitrogen per mass [mg g⁻¹].</param>
    /// <param name="lma">Leaf mass per area [g m⁻²].</param>
    /// <param name="tgrowth">Mean growth temperature [°C].</param>
    public static double TrueVcmax25(double leafN, double lma, double tgrowth) => 10 + 22 * (leafN * lma / 1000) - 0.8 * (tgrowth - 18);

    /// <summary>The known relation of g1 [kPa^0.5]: rising with growth temperature and moisture (the direction of Lin et al. 2015).</summary>
    /// <param name="moisture">Moisture index (precipitation / PET) [-].</param>
    public static double TrueG1(double tgrowth, double moisture) => 1.5 + 0.1 * tgrowth + 1.2 * moisture;

    /// <summary>Writes the dataset into <paramref name="folder"/> (created; existing files replaced atomically).</summary>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string folder, PhotosynthesisTwinOptions options)
    {
        options.Validate();
        var random = new Random(options.Seed);
        var sites = Enumerable.Range(1, options.Sites).Select(i => Site.Draw($"site_{i:D3}", random)).ToList();
        Directory.CreateDirectory(Path.Combine(folder, "time_series"));
        Directory.CreateDirectory(Path.Combine(folder, "attributes"));
        var files = new List<string>();
        foreach (var site in sites)
        {
            var path = Path.Combine(folder, "time_series", site.Id + ".csv");
            WriteSeries(path, site, options, random);
            files.Add(path);
        }
        var attributes = Path.Combine(folder, "attributes", "attributes.csv");
        CsvTable.Write(attributes, ["gauge_id", .. Traits, TrueVcmax25Attribute, TrueG1Attribute], rows =>
        {
            foreach (var s in sites)
                rows.Row([s.Id, F(s.LeafN, 2), F(s.Lma, 1), F(s.Tgrowth, 2), F(s.Moisture, 3), F(s.Vcmax25, 3), F(s.G1, 4)]);
        });
        files.Add(attributes);
        var list = Path.Combine(folder, "sites.txt");
        AtomicFile.WriteText(list, w => { foreach (var s in sites) w.Write(s.Id + "\n"); });
        files.Add(list);
        return files;
    }

    /// <summary>One site's days: conditions drawn, the leaf evaluated with the true parameters, noise added.</summary>
    static void WriteSeries(string path, Site site, PhotosynthesisTwinOptions options, Random random)
    {
        int n = options.Samples;
        var par = new double[n];
        var tleaf = new double[n];
        var co2 = new double[n];
        var vpd = new double[n];
        for (int d = 0; d < n; d++)
        {
            // Mostly bright light, a share of shade and dusk (down to darkness) for the light response.
            par[d] = Math.Round(random.NextDouble() < 0.7 ? 200 + 1800 * random.NextDouble() : 200 * random.NextDouble(), 1);
            // Around the growth temperature: a season (one cycle over the campaign) plus weather.
            tleaf[d] = Math.Round(Math.Clamp(site.Tgrowth + 6 * Math.Sin(2 * Math.PI * d / n) + 3 * Normal(random), -5, 45), 2);
            // Mostly ambient air, a quarter of A–Ci points (chamber CO₂ from 100 to 1200 µmol mol⁻¹).
            co2[d] = Math.Round(random.NextDouble() < 0.75 ? 410 + 15 * Normal(random) : 100 + 1100 * random.NextDouble(), 1);
            // VPD from leaf temperature and a relative humidity of 30–90 % (Tetens' saturation vapour pressure).
            double saturation = 0.6108 * Math.Exp(17.27 * tleaf[d] / (tleaf[d] + 237.3));
            vpd[d] = Math.Round(Math.Max(0.1, saturation * (1 - (0.3 + 0.6 * random.NextDouble()))), 3);
        }
        double[] a, gs;
        using (var scope = NewDisposeScope())
        {
            var leaf = FvcbMedlyn.Evaluate(tensor(par), tensor(tleaf), tensor(co2), tensor(vpd),
                full(n, site.Vcmax25, dtype: ScalarType.Float64), full(n, site.G1, dtype: ScalarType.Float64));
            a = leaf.NetAssimilation.data<double>().ToArray();
            gs = leaf.StomatalConductance.data<double>().ToArray();
        }
        var start = options.Start;
        CsvTable.Write(path, ["date", "par", "tleaf", "co2", "vpd", FvcbMedlyn.NetAssimilation, "gs"], rows =>
        {
            for (int d = 0; d < n; d++)
            {
                // Measurement noise: 0.5 µmol m⁻² s⁻¹ plus 5 % of A (gas-exchange analysers), 10 % on gs.
                double aObserved = a[d] + (options.NoiseFloor + options.RelativeNoise * Math.Abs(a[d])) * Normal(random);
                double gsObserved = Math.Max(0, gs[d] * (1 + 2 * options.RelativeNoise * Normal(random)));
                rows.Row([start.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    F(par[d], 1), F(tleaf[d], 2), F(co2[d], 1), F(vpd[d], 3), F(aObserved, 3), F(gsObserved, 4)]);
            }
        });
    }

    static string F(double value, int decimals) => Math.Round(value, decimals).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A standard normal draw (Box–Muller).</summary>
    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A site: its traits, drawn independently, and the parameters the known relations give them.</summary>
    sealed record Site(string Id, double LeafN, double Lma, double Tgrowth, double Moisture)
    {
        public double Vcmax25 => TrueVcmax25(LeafN, Lma, Tgrowth);
        public double G1 => TrueG1(Tgrowth, Moisture);

        public static Site Draw(string id, Random r) =>
            new(id, LeafN: Math.Round(12 + 23 * r.NextDouble(), 2), Lma: Math.Round(40 + 80 * r.NextDouble(), 1),
                Tgrowth: Math.Round(5 + 25 * r.NextDouble(), 2), Moisture: Math.Round(0.2 + 1.3 * r.NextDouble(), 3));
    }
}

/// <summary>The size, noise and seed of a <see cref="PhotosynthesisTwin"/> draw.</summary>
public sealed record PhotosynthesisTwinOptions
{
    /// <summary>Synthetic sites. Range: ≥ 4.</summary>
    public int Sites { get; init; } = 48;

    /// <summary>Measurement days per site. Range: ≥ 10.</summary>
    public int Samples { get; init; } = 100;

    /// <summary>Seed of every draw.</summary>
    public int Seed { get; init; } = 19;

    /// <summary>Absolute noise on A [µmol m⁻² s⁻¹]. Range: ≥ 0.</summary>
    public double NoiseFloor { get; init; } = 0.5;

    /// <summary>Relative noise on A (and twice this on gs). Range: [0, 0.5].</summary>
    public double RelativeNoise { get; init; } = 0.05;

    /// <summary>The first measurement day (one measurement a day per site).</summary>
    public DateOnly Start { get; init; } = new(2020, 4, 1);

    internal void Validate()
    {
        if (Sites < 4) throw new ArgumentException($"--sites: expected an integer ≥ 4, got {Sites}.");
        if (Samples < 10) throw new ArgumentException($"--samples: expected an integer ≥ 10, got {Samples}.");
        if (!(NoiseFloor >= 0)) throw new ArgumentException($"--noise: expected a number ≥ 0, got {NoiseFloor}.");
        if (RelativeNoise is < 0 or > 0.5 || double.IsNaN(RelativeNoise)) throw new ArgumentException($"--relative-noise: expected a number in [0, 0.5], got {RelativeNoise}.");
    }
}
