using DeltaModel.Bmi.Deployment;
using DeltaModel.Bmi.Inference;
using DeltaModel.Bmi.States;

namespace DeltaModel.Bmi;

/// <summary>
/// The BMI of a deployed DeltaModel (<see cref="InferenceModel"/>) for one catchment — a scalar grid (grid 0, one
/// node) — or several (<c>basins:</c>) — a points grid (grid 0, one node per catchment in the configuration's order,
/// at the gauges' longitude and latitude), each catchment its own model run. A daily step (86400 s; time in seconds
/// since <c>start_time</c>), forcings by <see cref="SetValue"/> in CSDMS standard names and units and/or from each
/// basin's forcing file, outputs as the runoff volume flux [m3 s-1], the runoff depth [m] and every daily series of the
/// model; the state from and to state files (<c>initial_state</c>, <c>final_state</c>). docs/bmi.md.
/// </summary>
public sealed class DeltaBmi : IBmi
{
    /// <summary>What <see cref="GetComponentName"/> says.</summary>
    public const string ComponentName = "DeltaModel differentiable HBV (NextGen BMI)";

    enum Phase { Created, Initialized, Finalized }

    Phase phase;
    BmiConfig? config;
    InferenceModel[] models = [];                    // one per basin, in the configuration's order
    ForcingFile?[] forcingFiles = [];
    int[][] fileColumns = [];
    BmiInput[] inputs = [];
    int[] inputOfForcing = [];                       // model forcing k ← inputs[inputOfForcing[k]]
    readonly Dictionary<string, double[]> buffers = new(StringComparer.Ordinal);
    bool[] inputSet = [];                            // [input, basin]: set since the last update
    double[] outputs = [];
    double[][] forcings = [];                        // [basin][forcing] of the day being updated
    double[][] outputBuffers = [], inputBuffers = [];   // the buffers of outputNames and inputs, in order (no lookups per step)
    string[] outputNames = [], outputUnits = [];
    int day;                                         // days run since start_time

    /// <summary>Catchments in this instance (the size of every variable).</summary>
    int N => models.Length;

    public void Initialize(string configFile)
    {
        if (phase != Phase.Created) throw new BmiException(phase == Phase.Finalized ? "initialize after finalize: register a new model." : "initialize called twice.");
        var c = BmiConfig.Read(configFile);
        var manifest = DeploymentManifest.Read(c.Model);
        var weights = WeightsFile.Read(Path.Combine(c.Model, WeightsFile.FileName));
        var ms = c.Basins.Select(b =>
        {
            try { return new InferenceModel(manifest, weights, b.Attributes); }
            catch (BmiException e) when (c.Basins.Count > 1) { throw new BmiException($"{c.Path}: basin {b.Id}: {e.Message}"); }
        }).ToArray();
        var m = ms[0];
        inputs = [.. m.ForcingNames.Select(BmiInput.For).Distinct()];
        inputOfForcing = [.. m.ForcingNames.Select(n => Array.IndexOf(inputs, BmiInput.For(n)))];
        forcingFiles = [.. c.Basins.Select(b => b.ForcingFile is { } path ? ForcingFile.Read(path) : null)];
        fileColumns = [.. forcingFiles.Select(f => f?.Columns(m.ForcingNames) ?? [])];
        if (c.InitialState is { } state) BmiStateFile.Read(state, $"{c.Path}: initial_state", c.StartTime, [.. c.Basins.Select(b => b.Id)], ms);
        else
            for (int b = 0; b < ms.Length; b++) WarmUp(c, ms[b], forcingFiles[b], fileColumns[b]);
        outputNames = [BmiOutputs.RunoffVolumeFlux, BmiOutputs.RunoffDepth, .. m.OutputNames];
        outputUnits = ["m3 s-1", "m", .. m.OutputUnits];
        foreach (var name in inputs.Select(i => i.Name).Concat(outputNames)) buffers[name] = GC.AllocateArray<double>(ms.Length, pinned: true);
        inputSet = new bool[inputs.Length * ms.Length];
        outputs = new double[m.OutputNames.Length];
        forcings = [.. ms.Select(_ => new double[inputOfForcing.Length])];
        outputBuffers = [.. outputNames.Select(n => buffers[n])];
        inputBuffers = [.. inputs.Select(i => buffers[i.Name])];
        (config, models, day, phase) = (c, ms, 0, Phase.Initialized);
    }

    /// <summary>The batch run's warm-up over the W days before start_time, from the basin's forcing file; a cold start without one.</summary>
    static void WarmUp(BmiConfig c, InferenceModel m, ForcingFile? file, int[] columns)
    {
        int W = m.Manifest.WarmUp;
        if (file is null || W == 0) return;
        var first = c.StartTime.AddDays(-W);
        if (file.First > first)
            throw new BmiException($"{file.Path}: starts on {file.First:yyyy-MM-dd}; the model warms up over the {W} days before " +
                                   $"start_time {c.StartTime:yyyy-MM-dd}, so it must start on {first:yyyy-MM-dd} or earlier (or give an initial_state).");
        m.WarmUp([.. Enumerable.Range(0, W).Select(t => file.On(first.AddDays(t), columns)!)]);
    }

    Phase Require()
    {
        if (phase == Phase.Initialized) return phase;
        throw new BmiException(phase == Phase.Created ? "the model is not initialized: call initialize with a configuration file first." : "the model was finalized.");
    }

    BmiConfig Config { get { Require(); return config!; } }

    int Days => Config.EndTime.DayNumber - Config.StartTime.DayNumber + 1;

    public void Update()
    {
        Require();
        if (day >= Days)
            throw new BmiException($"update past the end time: the run ends on {Config.EndTime:yyyy-MM-dd} (time {GetEndTime()} s), already reached.");
        var date = Config.StartTime.AddDays(day);
        // Every basin's forcings first, so that a missing one fails the update before any basin has stepped.
        var fromFile = new double[]?[N];
        for (int b = 0; b < N; b++)
        {
            fromFile[b] = forcingFiles[b]?.On(date, fileColumns[b]);
            for (int k = 0; k < inputOfForcing.Length; k++)
            {
                int i = inputOfForcing[k];
                if (inputSet[i * N + b]) forcings[b][k] = inputs[i].ToModel(inputBuffers[i][b]);
                else if (fromFile[b] is { } file) forcings[b][k] = file[k];
                else throw new BmiException($"no {inputs[i].Name} for {date:yyyy-MM-dd}{(N > 1 ? $", basin {Config.Basins[b].Id} (index {b})" : "")}: " +
                                            "set it with set_value before update, or give a forcing_file that covers the day.");
            }
        }
        for (int b = 0; b < N; b++)
        {
            models[b].Step(forcings[b], outputs);
            double streamflow = outputs[0];
            outputBuffers[0][b] = BmiOutputs.VolumeFlux(streamflow, Config.Basins[b].AreaKm2);
            outputBuffers[1][b] = streamflow * 1e-3;
            for (int o = 0; o < outputs.Length; o++) outputBuffers[o + 2][b] = outputs[o];
            // Inputs read from the file show their values, as if set.
            for (int k = 0; k < inputOfForcing.Length; k++)
                if (!inputSet[inputOfForcing[k] * N + b] && fromFile[b] is not null)
                    inputBuffers[inputOfForcing[k]][b] = inputs[inputOfForcing[k]].FromModel(forcings[b][k]);
        }
        Array.Clear(inputSet);
        day++;
    }

    public void UpdateUntil(double time)
    {
        Require();
        double steps = (time - GetCurrentTime()) / BmiConfig.DaySeconds;
        if (double.IsNaN(steps) || steps < 0 || steps != Math.Floor(steps))
            throw new BmiException($"update_until {time} s: the model steps whole days (86400 s) forward from the current time {GetCurrentTime()} s.");
        if (time > GetEndTime()) throw new BmiException($"update_until {time} s is past the end time {GetEndTime()} s.");
        for (int i = 0; i < steps; i++) Update();
    }

    /// <summary>Writes the final state when the configuration asks for it (the state after the last day run), then
    /// releases the model; a state that cannot be written fails the call, and the model is finalized all the same.</summary>
    public void FinalizeModel()
    {
        if (phase == Phase.Finalized) throw new BmiException("finalize called twice.");
        try
        {
            if (phase == Phase.Initialized && config!.FinalState is { } path)
                BmiStateFile.Write(path, $"{config.Path}: final_state", config.StartTime.AddDays(day - 1), [.. config.Basins.Select(b => b.Id)], models);
        }
        finally
        {
            (models, forcingFiles, phase) = ([], [], Phase.Finalized);
            buffers.Clear();
        }
    }

    public string GetComponentName() => ComponentName;
    public int GetInputItemCount() { Require(); return inputs.Length; }
    public int GetOutputItemCount() { Require(); return outputNames.Length; }
    public string[] GetInputVarNames() { Require(); return [.. inputs.Select(i => i.Name)]; }
    public string[] GetOutputVarNames() { Require(); return [.. outputNames]; }

    double[] Buffer(string name)
    {
        Require();
        return buffers.TryGetValue(name ?? "", out var b) ? b
            : throw new BmiException($"unknown variable '{name}'; inputs: {string.Join(", ", inputs.Select(i => i.Name))}; outputs: {string.Join(", ", outputNames)}.");
    }

    public int GetVarGrid(string name) { Buffer(name); return 0; }
    public string GetVarType(string name) { Buffer(name); return "double"; }

    public string GetVarUnits(string name)
    {
        Buffer(name);
        var input = inputs.FirstOrDefault(i => i.Name == name);
        return input?.Units ?? outputUnits[Array.IndexOf(outputNames, name)];
    }

    public int GetVarItemsize(string name) { Buffer(name); return sizeof(double); }
    public int GetVarNbytes(string name) => Buffer(name).Length * sizeof(double);
    public string GetVarLocation(string name) { Buffer(name); return "node"; }

    public double GetCurrentTime() { Require(); return day * BmiConfig.DaySeconds; }
    public double GetStartTime() { Require(); return 0; }
    public double GetEndTime() => Days * BmiConfig.DaySeconds;
    public string GetTimeUnits() => "s";
    public double GetTimeStep() => BmiConfig.DaySeconds;

    public void GetValue(string name, Span<double> destination)
    {
        var b = Buffer(name);
        if (destination.Length < b.Length) throw new BmiException($"get_value '{name}': the buffer holds {destination.Length} values, the variable {b.Length}.");
        b.CopyTo(destination);
    }

    public double[] GetValuePtr(string name) => Buffer(name);

    public void GetValueAtIndices(string name, Span<double> destination, ReadOnlySpan<int> indices)
    {
        var b = Buffer(name);
        if (destination.Length < indices.Length) throw new BmiException($"get_value_at_indices '{name}': {indices.Length} indices, room for {destination.Length} values.");
        for (int i = 0; i < indices.Length; i++) destination[i] = b[Index(name, b, indices[i])];
    }

    public void SetValue(string name, ReadOnlySpan<double> source)
    {
        var (b, input) = Input(name, "set_value");
        if (source.Length < b.Length) throw new BmiException($"set_value '{name}': {source.Length} values given, the variable holds {b.Length}.");
        for (int i = 0; i < b.Length; i++) Finite(name, "set_value", i, source[i]);
        source[..b.Length].CopyTo(b);
        inputSet.AsSpan(input * N, N).Fill(true);
    }

    /// <summary>Sets the basins at <paramref name="indices"/>; the others keep reading their forcing file (or set_value).</summary>
    public void SetValueAtIndices(string name, ReadOnlySpan<int> indices, ReadOnlySpan<double> source)
    {
        var (b, input) = Input(name, "set_value_at_indices");
        if (source.Length < indices.Length) throw new BmiException($"set_value_at_indices '{name}': {indices.Length} indices, {source.Length} values.");
        for (int i = 0; i < indices.Length; i++)
        {
            Index(name, b, indices[i]);
            Finite(name, "set_value_at_indices", indices[i], source[i]);
        }
        for (int i = 0; i < indices.Length; i++)
        {
            b[indices[i]] = source[i];
            inputSet[input * N + indices[i]] = true;
        }
    }

    (double[] Buffer, int Input) Input(string name, string function)
    {
        var b = Buffer(name);
        int input = Array.FindIndex(inputs, i => i.Name == name);
        return input >= 0 ? (b, input) : throw new BmiException($"{function} '{name}': an output; only inputs can be set ({string.Join(", ", inputs.Select(i => i.Name))}).");
    }

    void Finite(string name, string function, int index, double value)
    {
        if (!double.IsFinite(value))
            throw new BmiException($"{function} '{name}': {value} is not a finite number{(N > 1 ? $" (index {index}, basin {Config.Basins[index].Id})" : "")}.");
    }

    static int Index(string name, double[] b, int index) =>
        index >= 0 && index < b.Length ? index : throw new BmiException($"'{name}': index {index} is outside the variable's {b.Length} value(s).");

    // Grid 0: one catchment is a scalar (rank 0, one node); several are a points grid — nodes without connectivity,
    // each located by x = longitude and y = latitude of its gauge (rank 2: the two coordinates get_grid_x/y give, as
    // the specification ties the rank to which of them apply). The structured and the edge/face queries do not apply.
    void Grid(int grid)
    {
        Require();
        if (grid != 0) throw new BmiException($"unknown grid {grid}; the model has grid 0 ({GridDescription}).");
    }

    bool IsScalar => N == 1;
    string GridDescription => IsScalar ? "a scalar: one catchment" : $"points: {N} catchments";
    public int GetGridRank(int grid) { Grid(grid); return IsScalar ? 0 : 2; }
    public int GetGridSize(int grid) { Grid(grid); return N; }
    public string GetGridType(int grid) { Grid(grid); return IsScalar ? "scalar" : "points"; }
    BmiException NotForThisGrid(string function) => new($"{function}: grid 0 is {GridDescription}; it has no {function[9..].Replace('_', ' ')}.");
    public void GetGridShape(int grid, Span<int> shape) { Grid(grid); throw NotForThisGrid("get_grid_shape"); }
    public void GetGridSpacing(int grid, Span<double> spacing) { Grid(grid); throw NotForThisGrid("get_grid_spacing"); }
    public void GetGridOrigin(int grid, Span<double> origin) { Grid(grid); throw NotForThisGrid("get_grid_origin"); }
    public void GetGridX(int grid, Span<double> x) => Coordinates(grid, "get_grid_x", "longitude", b => b.Longitude, x);
    public void GetGridY(int grid, Span<double> y) => Coordinates(grid, "get_grid_y", "latitude", b => b.Latitude, y);
    public void GetGridZ(int grid, Span<double> z) { Grid(grid); throw NotForThisGrid("get_grid_z"); }
    public int GetGridNodeCount(int grid) { Grid(grid); return N; }
    public int GetGridEdgeCount(int grid) { Grid(grid); return 0; }
    public int GetGridFaceCount(int grid) { Grid(grid); return 0; }
    public void GetGridEdgeNodes(int grid, Span<int> edgeNodes) { Grid(grid); throw NotForThisGrid("get_grid_edge_nodes"); }
    public void GetGridFaceEdges(int grid, Span<int> faceEdges) { Grid(grid); throw NotForThisGrid("get_grid_face_edges"); }
    public void GetGridFaceNodes(int grid, Span<int> faceNodes) { Grid(grid); throw NotForThisGrid("get_grid_face_nodes"); }
    public void GetGridNodesPerFace(int grid, Span<int> nodesPerFace) { Grid(grid); throw NotForThisGrid("get_grid_nodes_per_face"); }

    /// <summary>The gauges' coordinates [degrees] of a points grid, from the configuration's latitude and longitude keys.</summary>
    void Coordinates(int grid, string function, string key, Func<BmiBasin, double?> coordinate, Span<double> destination)
    {
        Grid(grid);
        if (IsScalar) throw NotForThisGrid(function);
        if (destination.Length < N) throw new BmiException($"{function}: room for {destination.Length} values, the grid has {N} nodes.");
        var basins = Config.Basins;
        for (int b = 0; b < N; b++)
            destination[b] = coordinate(basins[b]) ?? throw new BmiException(
                $"{function}: basin {basins[b].Id} (node {b}) has no {key} in {Config.Path}; give 'latitude' and 'longitude' in its entry of 'basins' " +
                "(deltamodel export-bmi writes them from the dataset's gauge coordinates).");
    }
}
