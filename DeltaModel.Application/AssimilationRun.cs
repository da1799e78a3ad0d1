using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Models.Assimilation;
using DeltaModel.Models.Composition;
using static TorchSharp.torch;

namespace DeltaModel.Application;

/// <summary>
/// Variational data assimilation with a trained model over a period (default: its test period), measured against the
/// open-loop simulation: <c>deltamodel assimilate</c> and <c>Invoke-DeltaAssimilation</c> (docs/assimilation.md). For
/// each forecast start (<see cref="AssimilateConfig.Starts"/>, spread over the period) the stores on the first day of
/// the window before it are fitted (<see cref="VariationalAssimilation"/>), and the NSE of the <see cref="AssimilateConfig.Lead"/>
/// days after it is computed per basin for the forecast and the open loop. Writes into <see cref="OutputFolder"/>:
/// <c>assimilation.csv</c> (a row per start and basin), <c>summary.csv</c> (a row per start) and <c>results.json</c>
/// (NSE open loop, NSE assimilated and their difference, the assimilation gain, over every start and basin).
/// </summary>
/// <param name="Config">The trained model's experiment (its <c>output_dir</c> holds the model).</param>
public sealed record AssimilationRun(ExperimentConfig Config)
{
    /// <summary>The folder results go to; null = <c>&lt;output_dir&gt;/assimilate</c>.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Settings; null = the experiment's <c>assimilate</c> section, or the defaults.</summary>
    public AssimilateConfig? Settings { get; init; }

    /// <summary>The period forecasts start in (each start's window lies in it too); null = <c>test.period</c>.</summary>
    public DatePeriod? Period { get; init; }

    /// <summary>Checkpoint epoch; null = the best validation epoch, else the last.</summary>
    public int? Epoch { get; init; }

    /// <summary>The experiment of a file, of a folder holding <c>experiment.yaml</c>, or of a model folder (<c>config.resolved.yaml</c>).</summary>
    public static AssimilationRun From(string experimentOrModel)
    {
        var full = Path.GetFullPath(experimentOrModel);
        if (File.Exists(full)) return new(RunPlan.FromFile(full, new RunOverrides()).Config);
        var experiment = Path.Combine(full, "experiment.yaml");
        return File.Exists(experiment) ? new(RunPlan.FromFile(experiment, new RunOverrides()).Config) : new(ModelFolder.Load(full));
    }

    /// <summary>The folder results go to.</summary>
    public string Folder => OutputFolder is { } o ? Path.GetFullPath(o) : Path.Combine(Config.OutputDir, "assimilate");

    /// <summary>Runs every start and writes the files.</summary>
    public AssimilationResult Run(Action<string>? log = null, CancellationToken cancel = default)
    {
        log ??= _ => { };
        var clock = Stopwatch.StartNew();
        var settings = Settings ?? Config.Assimilate ?? new AssimilateConfig();
        var errors = new ConfigErrors(Config.SourcePath);
        settings.Validate(errors, "assimilate");
        errors.ThrowIfAny();
        var scored = Period is { } p ? new PeriodConfig { Start = p.Start, End = p.End }
            : Config.Test.Period ?? throw new RunInputException("PeriodRequired", $"{Config.SourcePath}: no test.period; give the period to assimilate in (--period START..END).");
        var plan = RunPlan.ForSimulation(Config, null, new DatePeriod(scored.Start, scored.End), "float32");
        var dataset = plan.LoadData(log);
        using var run = new ModelRun(plan, null, log);
        var (trained, data, epoch) = run.Trained(dataset, scored, "assimilate", Epoch);
        if (trained is not HybridModel model)
            throw new RunInputException("AssimilationUnsupported", $"{Config.SourcePath}: assimilation adjusts a physics model's stores; this model ({trained.GetType().Name}) has none.");
        int W = model.WarmUp, T = data.Days - W, B = data.Basins;
        var starts = Starts(settings, T);
        log($"assimilate: {starts.Count} forecast starts in {scored}, window {settings.Window} d, lead {settings.Lead} d, {settings.Iterations} Adam steps " +
            $"(lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}){(settings.ForcingMultiplier is { } f ? $", factor on {f}" : "")}, epoch {epoch}");
        var observedAll = data.ObservedAfter(W);                                                       // [T, B] time-major
        var rows = new List<AssimilationRow>();
        int chunk = Config.Test.BatchSize;
        using var noTape = no_grad();
        for (int first = 0; first < B; first += chunk)
        {
            int count = Math.Min(chunk, B - first);
            using var scope = NewDisposeScope();
            using var batch = data.Chunk(first, count, run.Device);
            var observed = tensor(Columns(observedAll, T, B, first, count), [T, count]).to(run.Device);  // [T, b]
            using var assimilation = new VariationalAssimilation(model, settings, batch);
            foreach (var start in starts)
            {
                cancel.ThrowIfCancellationRequested();
                AssimilationOutcome outcome;
                using (enable_grad()) outcome = assimilation.Assimilate(start, observed);
                for (int b = 0; b < count; b++)
                {
                    var obs = Enumerable.Range(0, outcome.Lead).Select(t => observedAll[(long)(start + t) * B + first + b]).ToArray();
                    var forecast = Enumerable.Range(0, outcome.Lead).Select(t => outcome.Forecast[t * count + b]).ToArray();
                    var open = Enumerable.Range(0, outcome.Lead).Select(t => outcome.OpenLoop[t * count + b]).ToArray();
                    rows.Add(new AssimilationRow(data.Dataset.DateAt(W + (int)start), data.Dataset.Basins[first + b],
                        Nse(open, obs), Nse(forecast, obs), outcome.WindowLossBefore, outcome.WindowLossAfter, outcome.ForcingFactor[b]));
                }
            }
        }
        var result = new AssimilationResult(Folder, settings, rows, clock.Elapsed);
        Write(result, epoch, log);
        return result;
    }

    /// <summary>Forecast start days (scored-day indices), evenly spread from the first that has a full window to the last with a full lead.</summary>
    static List<long> Starts(AssimilateConfig s, int days)
    {
        long first = s.Window, last = days - s.Lead;
        if (last < first)
            throw new RunInputException("PeriodTooShort", $"assimilate: the period has {days} days, fewer than window {s.Window} + lead {s.Lead}.");
        if (s.Starts == 1) return [first];
        return Enumerable.Range(0, s.Starts).Select(k => first + (long)Math.Round(k * (double)(last - first) / (s.Starts - 1))).Distinct().ToList();
    }

    static float[] Columns(float[] all, int days, int basins, int first, int count)
    {
        var values = new float[(long)days * count];
        for (int t = 0; t < days; t++) Array.Copy(all, (long)t * basins + first, values, (long)t * count, count);
        return values;
    }

    static double Nse(float[] simulated, float[] observed) => MetricsCalculator.Compute(simulated, observed).Get("nse");

    void Write(AssimilationResult result, int epoch, Action<string> log)
    {
        Directory.CreateDirectory(result.Folder);
        var csv = new StringBuilder("start,basin,nse_open_loop,nse_assimilated,gain,window_mse_before,window_mse_after,forcing_factor\n");
        foreach (var r in result.Rows)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Start:yyyy-MM-dd},{r.Basin},{r.NseOpenLoop:G6},{r.NseAssimilated:G6},{r.Gain:G6},{r.WindowLossBefore:G6},{r.WindowLossAfter:G6},{r.ForcingFactor:G6}\n");
        AtomicFile.WriteAllText(Path.Combine(result.Folder, "assimilation.csv"), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(result.Folder, "summary.csv"), result.SummaryCsv());
        var record = ResultsFile.Of(Config, new ExperimentResult(Config.OutputDir, null, null, [], result.Elapsed)) with
        {
            Mode = "assimilate",
            Evaluation = new EvaluationSummary
            {
                Phase = "assimilate", Epoch = epoch, Basins = result.Rows.Select(r => r.Basin).Distinct().Count(), Days = result.Settings.Lead,
                Summary = new Dictionary<string, MetricStatistics>
                {
                    [AssimilationResult.OpenLoopKey] = ResultsFile.Statistics(MetricAggregate.From(AssimilationResult.OpenLoopKey, result.Rows.Select(r => r.NseOpenLoop))),
                    [AssimilationResult.AssimilatedKey] = ResultsFile.Statistics(MetricAggregate.From(AssimilationResult.AssimilatedKey, result.Rows.Select(r => r.NseAssimilated))),
                    [AssimilationResult.GainKey] = ResultsFile.Statistics(MetricAggregate.From(AssimilationResult.GainKey, result.Rows.Select(r => r.Gain))),
                },
            },
        };
        record.Write(Path.Combine(result.Folder, RunFolder.ResultsFileName));
        log($"assimilate: outputs in {result.Folder}");
    }
}

/// <summary>One forecast start and basin of an <see cref="AssimilationRun"/>.</summary>
/// <param name="NseOpenLoop">NSE of the lead days' open-loop simulation.</param>
/// <param name="NseAssimilated">NSE of the lead days' forecast from the assimilated state.</param>
/// <param name="WindowLossBefore">The chunk's window loss (mean squared error, mm²/d²) from the open-loop state.</param>
/// <param name="WindowLossAfter">The same after assimilation.</param>
public sealed record AssimilationRow(DateOnly Start, string Basin, double NseOpenLoop, double NseAssimilated, double WindowLossBefore,
    double WindowLossAfter, float ForcingFactor)
{
    /// <summary>NSE assimilated minus NSE open loop.</summary>
    public double Gain => NseAssimilated - NseOpenLoop;
}

/// <summary>What an <see cref="AssimilationRun"/> measured.</summary>
public sealed record AssimilationResult(string Folder, AssimilateConfig Settings, IReadOnlyList<AssimilationRow> Rows, TimeSpan Elapsed)
{
    /// <summary>Keys of results.json's summary (and of the results table).</summary>
    public const string OpenLoopKey = "nse_open_loop", AssimilatedKey = "nse_assimilated", GainKey = EvaluationSummary.AssimilationGainKey;

    /// <summary>Per start: medians over basins of both NSEs and the gain, and the window loss before and after.</summary>
    public IReadOnlyList<(DateOnly Start, double OpenLoop, double Assimilated, double Gain, double LossBefore, double LossAfter)> PerStart =>
        Rows.GroupBy(r => r.Start).OrderBy(g => g.Key).Select(g => (g.Key, Median(g.Select(r => r.NseOpenLoop)), Median(g.Select(r => r.NseAssimilated)),
            Median(g.Select(r => r.Gain)), g.Average(r => r.WindowLossBefore), g.Average(r => r.WindowLossAfter))).ToList();

    /// <summary>Median over finite values (NaN when none).</summary>
    public static double Median(IEnumerable<double> values) => MetricAggregate.From("", values).Median;

    /// <summary>The per-start table as CSV, with an <c>all</c> row over every start and basin.</summary>
    public string SummaryCsv()
    {
        var text = new StringBuilder("start,nse_open_loop_median,nse_assimilated_median,gain_median,window_mse_before,window_mse_after\n");
        foreach (var s in PerStart)
            text.Append(CultureInfo.InvariantCulture, $"{s.Start:yyyy-MM-dd},{s.OpenLoop:F4},{s.Assimilated:F4},{s.Gain:F4},{s.LossBefore:G5},{s.LossAfter:G5}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"all,{Median(Rows.Select(r => r.NseOpenLoop)):F4},{Median(Rows.Select(r => r.NseAssimilated)):F4},{Median(Rows.Select(r => r.Gain)):F4},{Rows.Average(r => r.WindowLossBefore):G5},{Rows.Average(r => r.WindowLossAfter):G5}\n");
        return text.ToString();
    }
}
