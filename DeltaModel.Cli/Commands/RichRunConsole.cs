using DeltaModel.Core.Configuration;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Training;
using DeltaModel.Application;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// Renders a run on a colour terminal through Spectre.Console: a live progress bar per phase with elapsed and remaining
/// time (the ETA over all minibatches of the run's epochs), the same epoch and stage lines as the plain output above
/// it, and the per-basin metric table as a table. <see cref="RunConsole"/> is the plain counterpart.
/// </summary>
internal sealed class RichRunConsole : IRunConsole
{
    readonly IAnsiConsole console;
    ProgressContext? live;
    ProgressTask? task;
    string? taskPhase;
    readonly Dictionary<string, ProgressTask> tasks = [];
    int lastEpoch;

    public RichRunConsole(IAnsiConsole console)
    {
        this.console = console;
        Progress = new RunConsole.SynchronousProgress(Report);
    }

    public IProgress<TrainingProgress> Progress { get; }

    public void Header(ExperimentConfig config)
    {
        foreach (var line in RunConsole.HeaderLines(config)) console.WriteLine(line);
    }

    public void Log(string line) => console.WriteLine(line);

    public T Live<T>(Func<T> run) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                     new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                live = context;
                try { return run(); }
                finally { live = null; }
            });

    void Report(TrainingProgress p)
    {
        if (live is null) return;
        if (task is null || taskPhase != p.Phase)
        {
            // Validation interleaves with training every few epochs: each keeps one row, reused, rather than a new row per switch.
            if (!(Interleaved(taskPhase) && Interleaved(p.Phase))) task?.StopTask();
            if (tasks.TryGetValue(p.Phase, out var known))
            {
                task = known;
                if (p.Phase != "train") task.Value = 0;
            }
            else
            {
                // Training counts minibatches over all epochs still to run, so the remaining time is the run's, not the epoch's.
                double total = p.Phase == "train" ? (double)p.Steps * Math.Max(1, p.Epochs - p.Epoch + 1) : p.Steps;
                task = tasks[p.Phase] = live.AddTask(Markup.Escape(p.Phase), maxValue: total);
            }
            taskPhase = p.Phase;
        }
        task.Increment(1);
        task.Description = Markup.Escape(p.Phase == "train"
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}  loss {p.EpochLoss:F4}")
            : p.Phase);
        if (p.Phase == "train" && p.Step == p.Steps && p.Epoch != lastEpoch)
        {
            lastEpoch = p.Epoch;
            console.WriteLine(RunConsole.EpochLine(p));
        }
    }

    static bool Interleaved(string? phase) => phase is "train" or "validate";

    public void Summary(ExperimentResult result)
    {
        if (result.Evaluation?.Metrics is { } metrics)
        {
            console.WriteLine();
            console.Write(Table(metrics));
        }
        foreach (var line in RunConsole.TrailerLines(result)) console.WriteLine(line);
    }

    /// <summary>The per-basin table: one row per basin, then median and mean over basins.</summary>
    public static Table Table(MetricsTable metrics)
    {
        var names = RunConsole.TableMetrics.Where(metrics.Names.Contains).ToList();
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("basin");
        foreach (var name in names) table.AddColumn(new TableColumn(name).RightAligned());
        foreach (var row in metrics.Rows)
            table.AddRow(Cells(row.Basin, names.Select(n => row.Metrics.Get(n)), Style.Plain));
        table.AddEmptyRow();
        foreach (var stat in new[] { "median", "mean" })
            table.AddRow(Cells(stat, names.Select(n => metrics.Aggregate(n, stat)), new Style(decoration: Decoration.Bold)));
        return table;
    }

    static IEnumerable<IRenderable> Cells(string label, IEnumerable<double> values, Style style) =>
        [new Text(label, style), .. values.Select(v => new Text(RunConsole.Format(v), style))];
}
