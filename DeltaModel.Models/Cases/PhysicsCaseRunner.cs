using System.Diagnostics;
using System.Globalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Routing;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Cases;

/// <summary>
/// Runs a physics reference case (<see cref="PhysicsCase"/>) the way the original does — sigmoid + bounds mapping of
/// the raw output, warm-up, routing cold after warm-up — and writes the results under the case's file and column
/// names, so <see cref="PhysicsCaseComparison"/> can diff them against <c>expected/</c>.
/// </summary>
public static class PhysicsCaseRunner
{
    /// <summary>Runs the case once, forward and backward (L = Σ streamflow over the output days).</summary>
    /// <param name="physicsCase">The loaded case.</param>
    /// <param name="float64">Run in float64 (else float32, the original's precision).</param>
    /// <param name="backend"><c>tensor</c> or <c>fused</c>.</param>
    public static PhysicsCaseRun Run(PhysicsCase physicsCase, bool float64 = false, string backend = "tensor")
    {
        var c = physicsCase;
        var dtype = float64 ? ScalarType.Float64 : ScalarType.Float32;
        var model = ModelRegistry.CreatePhysics(c.Model, c.Options(backend));
        var mapper = new ParameterMapper(model, c.DyDrop);
        var runner = new WarmUpRunner(model, mapper, c.WarmUp);
        long T = c.Dates.Count;
        if (c.RawOutput.GetLength(1) != mapper.Width)
            throw new InvalidDataException($"{c.Folder}: raw_nn_output.csv has {c.RawOutput.GetLength(1)} channels, {model.Name} with nmul {c.Components} needs {mapper.Width}.");

        using var scope = NewDisposeScope();
        var forcings = tensor(c.Forcings, dtype: ScalarType.Float64).to(dtype).unsqueeze(1);                 // [T, 1, 3]
        var raw = tensor(c.RawOutput, dtype: ScalarType.Float64).to(dtype).unsqueeze(1).requires_grad_();   // [T, 1, W]
        var watch = Stopwatch.StartNew();
        var run = runner.Run(forcings, raw);
        var result = run.Result;
        var loss = result.Series["streamflow"].sum();
        var p = run.Parameters;
        var names = model.Declarations.Parameters.Select(s => s.Name).ToList();
        var inputs = new List<Tensor> { raw };
        inputs.AddRange(names.Select(n => p.Distinct[n]));
        if (p.Routing is { } rt) inputs.Add(rt);
        var grads = autograd.grad([loss], inputs, allow_unused: true);
        double seconds = watch.Elapsed.TotalSeconds;

        double[] Values(Tensor t) => t.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        double[,] States(Tensor stores)                                                                      // [S, 1, C] → [S, C]
        {
            var v = Values(stores[.., 0, ..].contiguous());
            var s = new double[stores.shape[0], stores.shape[2]];
            Buffer.BlockCopy(v, 0, s, 0, v.Length * sizeof(double));
            return s;
        }

        var theta = new List<ThetaGradient>();
        int daysWithGrad = (int)result.Series["streamflow"].shape[0] + (model.WarmUpWithoutGradient ? 0 : c.WarmUp);
        for (int i = 0; i < names.Count; i++)
        {
            bool dynamic = model.Options.DynamicParameters.Contains(names[i]);
            var g = grads[i + 1] is { } gi && gi.numel() > 0 ? gi : zeros_like(p.Distinct[names[i]]);
            var perComponent = Values(dynamic ? g.sum(0L)[0] : g[0]);                                        // [C]
            for (int j = 0; j < perComponent.Length; j++)
                theta.Add(new ThetaGradient(names[i], j.ToString(System.Globalization.CultureInfo.InvariantCulture), dynamic ? "dynamic" : "static", perComponent[j], daysWithGrad));
        }
        double[]? uh = null;
        if (p.Routing is { } routing)
        {
            var gr = Values(grads[^1][0]);
            for (int r = 0; r < model.Declarations.RoutingParameters.Count; r++)
                theta.Add(new ThetaGradient(model.Declarations.RoutingParameters[r].Name, "all", "routing", gr[r], 1));
            int length = (int)Math.Min(GammaUnitHydrograph.DailyLength, result.Series["streamflow"].shape[0] + (model.WarmUpWithoutGradient ? 0 : c.WarmUp));
            uh = Values(GammaUnitHydrograph.Weights(routing[.., 0], routing[.., 1], length)[0]);
        }
        var rawGrad = Values(grads[0][.., 0, ..].contiguous());
        var rawGrads = new double[T, mapper.Width];
        Buffer.BlockCopy(rawGrad, 0, rawGrads, 0, rawGrad.Length * sizeof(double));

        return new PhysicsCaseRun
        {
            Float64 = float64,
            Backend = backend,
            InputDates = c.Dates,
            OutputDates = c.Dates.Skip(c.WarmUp).ToArray(),
            Series = model.Declarations.OutputNames.Select(n => (n, Values(result.Series[n][.., 0]))).ToArray(),
            Scalars = model.Declarations.ScalarNames.Select(n => (n, Values(result.Scalars[n])[0])).ToArray(),
            StateNames = model.Declarations.StoreNames,
            FinalStates = States(result.FinalState.Stores),
            WarmUpEndStates = run.WarmUpEndState is { } w ? States(w.Stores) : null,
            UhWeights = uh,
            ThetaGradients = theta,
            RawGradients = rawGrads,
            MassResidual = result.Budget?.MaxRelativeResidual() ?? double.NaN,
            Seconds = seconds,
        };
    }

    /// <summary>
    /// Writes a float32 run (and optionally a float64 run) into <paramref name="outFolder"/> under the names of
    /// <c>expected/</c>; each file is written atomically. Never point this at the read-only shared fixtures.
    /// </summary>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string outFolder, PhysicsCaseRun run32, PhysicsCaseRun? run64 = null)
    {
        if (run32.Float64) throw new ArgumentException("the first run must be the float32 one (outputs.csv).", nameof(run32));
        Directory.CreateDirectory(outFolder);
        var written = new List<string>();
        void Write(string name, IEnumerable<string> header, Action<CsvRowWriter> rows)
        {
            var path = Path.Combine(outFolder, name);
            CsvTable.Write(path, header, rows);
            written.Add(path);
        }
        string F(double v, bool f64) => PhysicsCase.Format(v, f64);
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);

        void Outputs(PhysicsCaseRun r, string name) => Write(name, ["date", .. r.Series.Select(s => s.Name)], rows =>
        {
            for (int t = 0; t < r.OutputDates.Count; t++)
                rows.Row([r.OutputDates[t], .. r.Series.Select(s => F(s.Values[t], r.Float64))]);
        });
        void States(double[,] s, string name) => Write(name, ["state", "component", "value"], rows =>
        {
            for (int i = 0; i < s.GetLength(0); i++)
                for (int j = 0; j < s.GetLength(1); j++) rows.Row([run32.StateNames[i], I(j), F(s[i, j], false)]);
        });

        Outputs(run32, "outputs.csv");
        if (run64 is not null) Outputs(run64, "outputs_float64.csv");
        States(run32.FinalStates, "final_states.csv");
        if (run32.WarmUpEndStates is { } we) States(we, "warmup_end_states.csv");
        if (run32.UhWeights is { } uh)
            Write("uh_weights.csv", ["k", "weight"], rows =>
            {
                for (int k = 0; k < uh.Length; k++) rows.Row([I(k), F(uh[k], false)]);
            });
        string[] thetaHeader = ["param", "component", "kind", "dL_dtheta", "n_steps_with_grad"];
        Write("grads_theta.csv", run64 is null ? thetaHeader : [.. thetaHeader, "dL_dtheta_float64_ref"], rows =>
        {
            for (int i = 0; i < run32.ThetaGradients.Count; i++)
            {
                var g = run32.ThetaGradients[i];
                string[] cells = [g.Parameter, g.Component, g.Kind, F(g.Gradient, false), I(g.StepsWithGradient)];
                rows.Row(run64 is null ? cells : [.. cells, F(run64.ThetaGradients[i].Gradient, true)]);
            }
        });
        var raw = run32.RawGradients;
        Write("grads_raw_nn_output.csv", ["date", .. Enumerable.Range(0, raw.GetLength(1)).Select(k => $"ch{k}")], rows =>
        {
            for (int t = 0; t < raw.GetLength(0); t++)
                rows.Row([run32.InputDates[t], .. Enumerable.Range(0, raw.GetLength(1)).Select(k => F(raw[t, k], false))]);
        });
        Write("scalars.csv", run64 is null ? ["name", "value"] : ["name", "value", "value_float64"], rows =>
        {
            for (int i = 0; i < run32.Scalars.Count; i++)
            {
                string[] cells = [run32.Scalars[i].Name, F(run32.Scalars[i].Value, false)];
                rows.Row(run64 is null ? cells : [.. cells, F(run64.Scalars[i].Value, true)]);
            }
        });
        return written;
    }

    /// <summary>
    /// Loads a case, runs it in float32 (and float64 when asked) and writes the results to <paramref name="outFolder"/>.
    /// </summary>
    /// <returns>The runs (float64 null unless asked) and the files written.</returns>
    public static (PhysicsCaseRun Run32, PhysicsCaseRun? Run64, IReadOnlyList<string> Files) RunAndWrite(
        string caseFolder, string outFolder, bool float64 = false, string backend = "tensor")
    {
        var c = PhysicsCase.Load(caseFolder);
        var run32 = Run(c, float64: false, backend);
        var run64 = float64 ? Run(c, float64: true, backend) : null;
        return (run32, run64, Write(outFolder, run32, run64));
    }
}
