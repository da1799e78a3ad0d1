using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Application;

namespace DeltaModel.Cli.Commands;

/// <summary>What <c>deltamodel run</c> shows while it works and when it is done.</summary>
internal interface IRunConsole
{
    IProgress<TrainingProgress> Progress { get; }

    void Header(ExperimentConfig config);

    void Log(string line);

    /// <summary>Runs the experiment while the console shows its progress.</summary>
    T Live<T>(Func<T> run);

    void Summary(ExperimentResult result);
}

/// <summary>
/// Renders a run as plain lines: one line per stage and epoch, an in-place minibatch counter when the output is a
/// terminal (a line every 30 s when redirected, so logs stay readable), and the final per-basin metric table. This is
/// the output whenever it is not a colour terminal (<see cref="TerminalOutput"/>), and what tests and logs parse.
/// </summary>
internal sealed class RunConsole : IRunConsole
{
    /// <summary>The metrics of the per-basin table, in order.</summary>
    public static readonly string[] TableMetrics = ["nse", "kge", "kge_12", "corr", "rmse", "bias_rel", "fhv"];
    readonly TextWriter output;
    readonly bool quiet;
    readonly bool interactive = !Console.IsOutputRedirected;
    int lastEpoch;
    DateTime lastDraw;

    public RunConsole(TextWriter output, bool quiet)
    {
        this.output = output;
        this.quiet = quiet;
        Progress = new SynchronousProgress(Report);
    }

    public IProgress<TrainingProgress> Progress { get; }

    /// <summary>The console for <c>run</c>: Spectre.Console's live progress and tables on a colour terminal, else plain lines.</summary>
    public static IRunConsole For(TextWriter output, bool quiet) =>
        !quiet && TerminalOutput.IsRich ? new RichRunConsole(Spectre.Console.AnsiConsole.Console) : new RunConsole(output, quiet);

    public void Header(ExperimentConfig config)
    {
        if (quiet) return;
        foreach (var line in HeaderLines(config)) output.WriteLine(line);
    }

    public static IEnumerable<string> HeaderLines(ExperimentConfig config) =>
        [$"experiment {config.Name} ({config.Mode}) from {config.SourcePath}", $"outputs    {config.OutputDir}"];

    public T Live<T>(Func<T> run) => run();

    public void Log(string line)
    {
        if (quiet) return;
        ClearLine();
        output.WriteLine(line);
    }

    void Report(TrainingProgress p)
    {
        if (quiet) return;
        if (p.Phase == "train" && p.Step == p.Steps && p.Epoch != lastEpoch)
        {
            lastEpoch = p.Epoch;
            ClearLine();
            output.WriteLine(EpochLine(p));
            return;
        }
        // A terminal gets an in-place counter; a log file (redirected output) a plain line every 30 s.
        if ((DateTime.UtcNow - lastDraw).TotalMilliseconds < (interactive ? 200 : 30_000)) return;
        bool first = lastDraw == default;
        lastDraw = DateTime.UtcNow;
        if (!interactive && first) return;
        var text = p.Phase == "train"
            ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch,3}/{p.Epochs}  minibatch {p.Step}/{p.Steps}  loss {p.EpochLoss:F4}  {p.Elapsed.TotalSeconds,7:F1} s")
            : $"{p.Phase}  chunk {p.Step}/{p.Steps}";
        if (interactive) output.Write("\r" + text.PadRight(Math.Min(Console.BufferWidth - 1, 79)));
        else output.WriteLine(text);
    }

    void ClearLine()
    {
        if (interactive && lastDraw != default) output.Write("\r" + new string(' ', Math.Min(Console.BufferWidth - 1, 79)) + "\r");
    }

    public void Summary(ExperimentResult result)
    {
        ClearLine();
        if (result.Evaluation?.Metrics is { } metrics)
        {
            var names = TableMetrics.Where(metrics.Names.Contains).ToList();
            output.WriteLine();
            output.WriteLine("basin     " + string.Concat(names.Select(n => n.PadLeft(10))));
            foreach (var row in metrics.Rows)
                output.WriteLine(row.Basin.PadRight(10) + string.Concat(names.Select(n => Format(row.Metrics.Get(n)).PadLeft(10))));
            output.WriteLine(new string('-', 10 + 10 * names.Count));
            foreach (var stat in new[] { "median", "mean" })
                output.WriteLine(stat.PadRight(10) + string.Concat(names.Select(n => Format(metrics.Aggregate(n, stat)).PadLeft(10))));
        }
        foreach (var line in TrailerLines(result)) output.WriteLine(line);
    }

    /// <summary>The line that closes an epoch: <c>epoch   3/10  loss 0.4123     24.1 s</c>.</summary>
    public static string EpochLine(TrainingProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch,3}/{p.Epochs}  loss {p.EpochLoss:F4}  {p.Elapsed.TotalSeconds,7:F1} s");

    /// <summary>What follows the metric table: expected-result checks, training, where the outputs went, the time.</summary>
    public static IEnumerable<string> TrailerLines(ExperimentResult result)
    {
        foreach (var check in result.Checks)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{(check.Pass ? "PASS" : "FAIL")}  {check.Statistic} {check.Metric} = {check.Ours:F3}, expected {check.Value:F3} ± {check.Tolerance:F3} ({check.Source})");
        yield return "";
        if (result.Training is { } t && t.Epochs.Count > 0)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"trained    {t.Epochs.Count} epochs (resumed from {t.ResumedFromEpoch}), final loss {t.FinalLoss:F4}{(t.Cancelled ? ", cancelled" : "")}{Selected(t)}");
        if (result.Evaluation is { } e)
            yield return $"{e.Phase,-10} {e.Folder}";
        yield return $"results    {new RunFolder(result.OutputDirectory).Results}";
        yield return string.Create(CultureInfo.InvariantCulture, $"time       {result.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>"; best validation epoch 7 (0.5123), stopped early" for a validated run, else empty.</summary>
    static string Selected(TrainingResult t) => t.BestEpoch is { } best
        ? string.Create(CultureInfo.InvariantCulture, $"; best validation epoch {best} ({t.BestScore:F4}){(t.StoppedEarly ? ", stopped early" : "")}")
        : "";

    public static string Format(double v) => double.IsNaN(v) ? "-" : v.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Reports on the calling thread (the default Progress&lt;T&gt; posts to the thread pool and reorders lines).</summary>
    internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
