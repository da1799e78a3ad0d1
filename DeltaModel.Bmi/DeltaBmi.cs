using DeltaModel.Bmi.Deployment;
using DeltaModel.Bmi.Inference;

namespace DeltaModel.Bmi;

/// <summary>
/// The BMI of a deployed DeltaModel (<see cref="InferenceModel"/>) for one catchment: a scalar grid (grid 0, one
/// node), a daily step (86400 s; time in seconds since <c>start_time</c>), forcings by <see cref="SetValue"/> in
/// CSDMS standard names and units and/or from the configuration's forcing file, outputs as the runoff volume flux
/// [m3 s-1], the runoff depth [m] and every daily series of the model. docs/bmi.md.
/// </summary>
public sealed class DeltaBmi : IBmi
{
    /// <summary>What <see cref="GetComponentName"/> says.</summary>
    public const string ComponentName = "DeltaModel differentiable HBV (NextGen BMI)";

    enum Phase { Created, Initialized, Finalized }

    Phase phase;
    BmiConfig? config;
    InferenceModel? model;
    ForcingFile? forcingFile;
    int[] fileColumns = [];
    BmiInput[] inputs = [];
    int[] inputOfForcing = [];                       // model forcing k ← inputs[inputOfForcing[k]]
    readonly Dictionary<string, double[]> buffers = new(StringComparer.Ordinal);
    bool[] inputSet = [];
    double[] outputs = [], forcings = [];
    double[][] outputBuffers = [], inputBuffers = [];   // the buffers of outputNames and inputs, in order (no lookups per step)
    string[] outputNames = [], outputUnits = [];
    int day;                                         // days run since start_time

    public void Initialize(string configFile)
    {
        if (phase != Phase.Created) throw new BmiException(phase == Phase.Finalized ? "initialize after finalize: register a new model." : "initialize called twice.");
        var c = BmiConfig.Read(configFile);
        var m = new InferenceModel(c.Model, c.Attributes);
        inputs = [.. m.ForcingNames.Select(BmiInput.For).Distinct()];
        inputOfForcing = [.. m.ForcingNames.Select(n => Array.IndexOf(inputs, BmiInput.For(n)))];
        if (c.ForcingFile is { } path)
        {
            forcingFile = ForcingFile.Read(path);
            fileColumns = forcingFile.Columns(m.ForcingNames);
        }
        WarmUp(c, m);
        outputNames = [BmiOutputs.RunoffVolumeFlux, BmiOutputs.RunoffDepth, .. m.OutputNames];
        outputUnits = ["m3 s-1", "m", .. m.OutputUnits];
        foreach (var name in inputs.Select(i => i.Name).Concat(outputNames)) buffers[name] = GC.AllocateArray<double>(1, pinned: true);
        inputSet = new bool[inputs.Length];
        outputs = new double[m.OutputNames.Length];
        forcings = new double[inputOfForcing.Length];
        outputBuffers = [.. outputNames.Select(n => buffers[n])];
        inputBuffers = [.. inputs.Select(i => buffers[i.Name])];
        (config, model, day, phase) = (c, m, 0, Phase.Initialized);
    }

    /// <summary>The batch run's warm-up over the W days before start_time, from the forcing file; a cold start without one.</summary>
    void WarmUp(BmiConfig c, InferenceModel m)
    {
        int W = m.Manifest.WarmUp;
        if (forcingFile is null || W == 0) return;
        var first = c.StartTime.AddDays(-W);
        if (forcingFile.First > first)
            throw new BmiException($"{forcingFile.Path}: starts on {forcingFile.First:yyyy-MM-dd}; the model warms up over the {W} days before " +
                                   $"start_time {c.StartTime:yyyy-MM-dd}, so it must start on {first:yyyy-MM-dd} or earlier.");
        m.WarmUp([.. Enumerable.Range(0, W).Select(t => forcingFile.On(first.AddDays(t), fileColumns)!)]);
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
        var fromFile = forcingFile?.On(date, fileColumns);
        for (int k = 0; k < forcings.Length; k++)
        {
            var input = inputs[inputOfForcing[k]];
            if (inputSet[inputOfForcing[k]]) forcings[k] = input.ToModel(inputBuffers[inputOfForcing[k]][0]);
            else if (fromFile is not null) forcings[k] = fromFile[k];
            else throw new BmiException($"no {input.Name} for {date:yyyy-MM-dd}: set it with set_value before update, or give a forcing_file that covers the day.");
        }
        Array.Clear(inputSet);
        model!.Step(forcings, outputs);
        double streamflow = outputs[0];
        outputBuffers[0][0] = BmiOutputs.VolumeFlux(streamflow, Config.AreaKm2);
        outputBuffers[1][0] = streamflow * 1e-3;
        for (int o = 0; o < outputs.Length; o++) outputBuffers[o + 2][0] = outputs[o];
        // Inputs read from the file show their values, as if set.
        if (fromFile is not null)
            for (int k = 0; k < forcings.Length; k++) inputBuffers[inputOfForcing[k]][0] = inputs[inputOfForcing[k]].FromModel(forcings[k]);
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

    public void FinalizeModel()
    {
        if (phase == Phase.Finalized) throw new BmiException("finalize called twice.");
        (model, forcingFile, phase) = (null, null, Phase.Finalized);
        buffers.Clear();
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
        var b = Buffer(name);
        int input = Array.FindIndex(inputs, i => i.Name == name);
        if (input < 0) throw new BmiException($"set_value '{name}': an output; only inputs can be set ({string.Join(", ", inputs.Select(i => i.Name))}).");
        if (source.Length < b.Length) throw new BmiException($"set_value '{name}': {source.Length} values given, the variable holds {b.Length}.");
        if (!double.IsFinite(source[0])) throw new BmiException($"set_value '{name}': {source[0]} is not a finite number.");
        source[..b.Length].CopyTo(b);
        inputSet[input] = true;
    }

    public void SetValueAtIndices(string name, ReadOnlySpan<int> indices, ReadOnlySpan<double> source)
    {
        var b = Buffer(name);
        if (source.Length < indices.Length) throw new BmiException($"set_value_at_indices '{name}': {indices.Length} indices, {source.Length} values.");
        var values = b.ToArray();
        for (int i = 0; i < indices.Length; i++) values[Index(name, b, indices[i])] = source[i];
        SetValue(name, values);
    }

    static int Index(string name, double[] b, int index) =>
        index >= 0 && index < b.Length ? index : throw new BmiException($"'{name}': index {index} is outside the variable's {b.Length} value(s).");

    // One catchment: grid 0 is a scalar (rank 0, one node); the rectilinear and unstructured queries do not apply.
    void Grid(int grid) { Require(); if (grid != 0) throw new BmiException($"unknown grid {grid}; the model has grid 0 (a scalar: one catchment)."); }
    public int GetGridRank(int grid) { Grid(grid); return 0; }
    public int GetGridSize(int grid) { Grid(grid); return 1; }
    public string GetGridType(int grid) { Grid(grid); return "scalar"; }
    static BmiException NotForScalar(string function) => new($"{function}: grid 0 is a scalar (one catchment); it has no {function[9..].Replace('_', ' ')}.");
    public void GetGridShape(int grid, Span<int> shape) { Grid(grid); throw NotForScalar("get_grid_shape"); }
    public void GetGridSpacing(int grid, Span<double> spacing) { Grid(grid); throw NotForScalar("get_grid_spacing"); }
    public void GetGridOrigin(int grid, Span<double> origin) { Grid(grid); throw NotForScalar("get_grid_origin"); }
    public void GetGridX(int grid, Span<double> x) { Grid(grid); throw NotForScalar("get_grid_x"); }
    public void GetGridY(int grid, Span<double> y) { Grid(grid); throw NotForScalar("get_grid_y"); }
    public void GetGridZ(int grid, Span<double> z) { Grid(grid); throw NotForScalar("get_grid_z"); }
    public int GetGridNodeCount(int grid) { Grid(grid); return 1; }
    public int GetGridEdgeCount(int grid) { Grid(grid); return 0; }
    public int GetGridFaceCount(int grid) { Grid(grid); return 0; }
    public void GetGridEdgeNodes(int grid, Span<int> edgeNodes) { Grid(grid); throw NotForScalar("get_grid_edge_nodes"); }
    public void GetGridFaceEdges(int grid, Span<int> faceEdges) { Grid(grid); throw NotForScalar("get_grid_face_edges"); }
    public void GetGridFaceNodes(int grid, Span<int> faceNodes) { Grid(grid); throw NotForScalar("get_grid_face_nodes"); }
    public void GetGridNodesPerFace(int grid, Span<int> nodesPerFace) { Grid(grid); throw NotForScalar("get_grid_nodes_per_face"); }
}
