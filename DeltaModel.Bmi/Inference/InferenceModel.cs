using DeltaModel.Bmi.Deployment;

namespace DeltaModel.Bmi.Inference;

/// <summary>
/// A trained hybrid model (network → parameter mapping → HBV → routing) run one day at a time for one basin in plain
/// C#: the forward of DeltaModel's <c>ModelStepper</c> without TorchSharp, for deployment (NativeAOT, no libtorch).
/// Forcings arrive in physical units by dataset variable name (<see cref="ForcingNames"/>); the normalization is done
/// here. Warm-up as the batch run: spin-up (every parameter at the last warm-up day, routing carried) or stepped and
/// dropped (<see cref="PhysicsManifest.SpinUp"/>).
/// </summary>
public sealed class InferenceModel
{
    /// <summary>Runoff series routed together: total, surface, interflow, baseflow.</summary>
    static readonly string[] Runoff = ["streamflow", "srflow", "ssflow", "gwflow"];

    /// <summary>The physics stores, in the kernel's order (HBV's declared store order, as state files list them).</summary>
    internal static readonly string[] StoreNames = ["SNOWPACK", "MELTWATER", "SM", "SUZ", "SLZ"];

    /// <summary>Series routed together (the state file's routing history holds one per day for each).</summary>
    internal static int RoutedSeries => Runoff.Length;

    readonly DeploymentManifest manifest;
    readonly ParameterNetwork network;
    readonly HbvDay physics;
    readonly int[] networkForcing, physicsForcing;    // index into ForcingNames
    readonly float[] x, raw, theta, kernelDay, h, c, stores, history, statics;
    readonly float[]? routing;
    readonly float[] lower, span;
    readonly int P, C;

    /// <summary>Loads the model of a deployment folder (<c>deployment.json</c>, <c>weights.dmweights</c>) for a basin with
    /// these raw attribute values (by name; those the network reads are required).</summary>
    public InferenceModel(string folder, IReadOnlyDictionary<string, double> attributes)
        : this(DeploymentManifest.Read(folder), WeightsFile.Read(Path.Combine(folder, WeightsFile.FileName)), attributes)
    {
    }

    /// <summary>The model of a deployment already read, for a basin with these raw attribute values: the basins of one
    /// BMI instance share the manifest and the (read-only) weights.</summary>
    public InferenceModel(DeploymentManifest manifest, IReadOnlyDictionary<string, (long[] Shape, float[] Values)> weights, IReadOnlyDictionary<string, double> attributes)
    {
        this.manifest = manifest;
        int nf = manifest.Forcings.Count, na = manifest.Attributes.Count;
        network = new ParameterNetwork(manifest.Network, nf + na, na, weights);
        physics = new HbvDay(manifest.Physics);
        (P, C) = (manifest.Physics.Parameters.Count, manifest.Physics.Components);
        int width = P * C + manifest.Physics.Routing.Count;
        if (network.Outputs != width)
            throw new BmiException($"the network writes {network.Outputs} channels; {manifest.Physics.Name} with {C} components and {manifest.Physics.Routing.Count} routing parameters needs {width}.");
        ForcingNames = [.. manifest.Forcings.Select(f => f.Name).Concat(manifest.PhysicsForcings).Distinct()];
        networkForcing = [.. manifest.Forcings.Select(f => Array.IndexOf(ForcingNames, f.Name))];
        physicsForcing = [.. manifest.PhysicsForcings.Select(f => Array.IndexOf(ForcingNames, f))];

        x = new float[nf + na];
        for (int a = 0; a < na; a++)
        {
            var stat = manifest.Attributes[a];
            if (!attributes.TryGetValue(stat.Name, out double value) || double.IsNaN(value))
                throw new BmiException($"attribute '{stat.Name}' is missing: the network reads it (give it under 'attributes').");
            x[nf + a] = stat.Normalize(value);
        }
        statics = network.Statics(x.AsSpan(nf));
        raw = new float[width];
        theta = new float[P * C];
        kernelDay = new float[HbvDay.Channels];
        (h, c) = (new float[network.StateSize], new float[network.StateSize]);
        stores = new float[HbvDay.Stores * C];
        history = new float[(UnitHydrograph.Length - 1) * Runoff.Length];
        lower = [.. manifest.Physics.Parameters.Select(p => (float)p.Lower)];
        span = [.. manifest.Physics.Parameters.Select(p => (float)(p.Upper - p.Lower))];
        if (manifest.Physics.Routing.Count == 2)
        {
            // Routing parameters come from channels read once per basin (the MLP head): the same every day.
            float Map(int r)
            {
                var bounds = manifest.Physics.Routing[r];
                return Sigmoid(network.StaticChannel(statics, P * C + r)) * (float)(bounds.Upper - bounds.Lower) + (float)bounds.Lower;
            }
            routing = UnitHydrograph.Weights(Map(0), Map(1));
        }
        OutputNames = [.. Runoff, "AET_hydro", "PET_hydro", "SWE", .. Runoff.Select(r => r + "_no_rout"), "recharge", "excs", "evapfactor", "tosoil", "percolation",
            .. manifest.Physics.Capillary ? new[] { "capillary" } : [], .. StoreNames];
        OutputUnits = [.. OutputNames.Select(n => n == "evapfactor" ? "1" : n == "SWE" || StoreNames.Contains(n) ? "mm" : "mm d-1")];
        Reset();
    }

    /// <summary>Forcing variables (dataset names: network forcings, then physics forcings not among them), in the order <see cref="Step"/> takes them.</summary>
    public string[] ForcingNames { get; }

    /// <summary>Daily output series, in the order <see cref="Step"/> writes them.</summary>
    public string[] OutputNames { get; }

    /// <summary>Units of <see cref="OutputNames"/> (UDUNITS).</summary>
    public string[] OutputUnits { get; }

    public DeploymentManifest Manifest => manifest;

    // The state carried from one day to the next, as views of the model's own arrays (BmiStateFile maps them to and
    // from state files: the one place that knows both layouts).

    /// <summary>Stores <c>[5, C]</c> [mm] after the last day.</summary>
    internal Span<float> Stores => stores;

    /// <summary>Unrouted runoff of the last <c>L − 1</c> days <c>[L − 1, 4]</c> [mm d-1], oldest first.</summary>
    internal Span<float> RoutingHistory => history;

    /// <summary>Whether the model routes (and so carries <see cref="RoutingHistory"/> between days).</summary>
    internal bool Routes => routing is not null;

    /// <summary>The LSTM's hidden and cell state <c>[H]</c> each (empty without an LSTM).</summary>
    internal Span<float> Hidden => h;

    /// <inheritdoc cref="Hidden"/>
    internal Span<float> Cell => c;

    /// <summary>Back to the cold state: stores at 0.001 mm, LSTM state zero, no water in transit.</summary>
    public void Reset()
    {
        Array.Fill(stores, 0.001f);
        Array.Clear(h);
        Array.Clear(c);
        Array.Clear(history);
    }

    /// <summary>
    /// Warms up over <paramref name="days"/> (each <see cref="ForcingNames"/> values, physical units) from the cold state,
    /// as the batch run's warm-up does.
    /// </summary>
    public void WarmUp(IReadOnlyList<double[]> days)
    {
        Reset();
        var scratch = new double[OutputNames.Length];
        if (!manifest.Physics.SpinUp)
        {
            foreach (var day in days) Step(day, scratch);
            return;
        }
        if (days.Count == 0) return;
        // Spin-up: the network runs every day (its state carries on); the physics then runs them all with every
        // parameter at its value on the last warm-up day, and no routing but the history it leaves.
        foreach (var day in days) NetworkDay(day);
        MapParameters();
        var frozen = theta.ToArray();
        Span<float> unrouted = stackalloc float[Runoff.Length], ignored = stackalloc float[Runoff.Length];
        foreach (var day in days)
        {
            physics.Step(frozen, (float)day[physicsForcing[0]], (float)day[physicsForcing[1]], (float)day[physicsForcing[2]], stores, kernelDay);
            UnroutedRunoff(unrouted);
            UnitHydrograph.Step(null, unrouted, history, ignored);
        }
        if (!manifest.Physics.CarryRouting) Array.Clear(history);
    }

    /// <summary>Runs one day: <paramref name="forcings"/> in <see cref="ForcingNames"/> order (physical units), outputs
    /// written to <paramref name="outputs"/> in <see cref="OutputNames"/> order.</summary>
    public void Step(ReadOnlySpan<double> forcings, Span<double> outputs)
    {
        NetworkDay(forcings);
        MapParameters();
        float prcp = (float)forcings[physicsForcing[0]], temp = (float)forcings[physicsForcing[1]], pet = (float)forcings[physicsForcing[2]];
        physics.Step(theta, prcp, temp, pet, stores, kernelDay);
        Span<float> unrouted = stackalloc float[Runoff.Length], routed = stackalloc float[Runoff.Length];
        UnroutedRunoff(unrouted);
        UnitHydrograph.Step(routing, unrouted, history, routed);
        int o = 0;
        for (int k = 0; k < Runoff.Length; k++) outputs[o++] = routed[k];
        outputs[o++] = kernelDay[3];                                      // AET
        outputs[o++] = pet;
        outputs[o++] = kernelDay[4];                                      // SWE
        for (int k = 0; k < Runoff.Length; k++) outputs[o++] = unrouted[k];
        for (int k = 5; k <= 9; k++) outputs[o++] = kernelDay[k];         // recharge, excs, evapfactor, tosoil, percolation
        if (manifest.Physics.Capillary) outputs[o++] = kernelDay[10];
        for (int k = 0; k < HbvDay.Stores; k++) outputs[o++] = kernelDay[13 + k];
    }

    /// <summary>Total, surface, interflow, baseflow from the day's Q0, Q1, Q2 (summed in the batch run's order).</summary>
    void UnroutedRunoff(Span<float> runoff)
    {
        float q0 = kernelDay[0], q1 = kernelDay[1], q2 = kernelDay[2];
        (runoff[0], runoff[1], runoff[2], runoff[3]) = (q0 + q1 + q2, q0, q1, q2);
    }

    void NetworkDay(ReadOnlySpan<double> forcings)
    {
        for (int i = 0; i < networkForcing.Length; i++) x[i] = manifest.Forcings[i].Normalize(forcings[networkForcing[i]]);
        network.Step(x, statics, h, c, raw);
    }

    /// <summary>θ = lo + σ(raw)·span from today's raw channels. Static parameters come from the MLP head, the same
    /// every day, so "every parameter at the last warm-up day" (the spin-up) is that day's mapping too.</summary>
    void MapParameters()
    {
        for (int i = 0; i < P; i++)
            for (int j = 0; j < C; j++)
                theta[i * C + j] = Sigmoid(raw[i * C + j]) * span[i] + lower[i];
    }

    static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));
}
