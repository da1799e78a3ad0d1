using DeltaModel.Cli.Commands;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Training;
using Spectre.Console;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// The two faces of <c>deltamodel run</c>'s console: Spectre.Console's live progress and table on a colour terminal,
/// plain lines otherwise (the other run tests parse those, through redirected output).
/// </summary>
public class RunConsoleTests
{
    static (IAnsiConsole Console, StringWriter Text) Recording()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 120;
        return (console, text);
    }

    [Theory]
    [InlineData(null, null, "xterm-256color", true)]
    [InlineData("1", null, "xterm-256color", false)]
    [InlineData(null, "true", "xterm-256color", false)]
    [InlineData(null, null, "dumb", false)]
    public void Rich_output_needs_a_terminal_without_NO_COLOR_or_CI(string? noColor, string? ci, string term, bool rich)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["CI"] = ci, ["TERM"] = term };
        Assert.Equal(rich, TerminalOutput.Allows(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void Redirected_output_gets_the_plain_console()
    {
        // The test host's stdout is a pipe: whatever the environment says, run prints the lines scripts parse.
        Assert.True(Console.IsOutputRedirected);
        Assert.IsType<RunConsole>(RunConsole.For(Console.Out, quiet: false));
    }

    [Fact]
    public void The_metric_table_has_a_row_per_basin_and_the_median_and_mean()
    {
        float[] predicted = [1, 2, 3, 4, 2, 6, 4, 10], observed = [2, 1, 2, 3, 2, 2, 6, 5];   // [T = 4, B = 2], time-major
        var metrics = MetricsTable.Compute(["01013500", "01022500"], predicted, observed, days: 4);
        var (console, text) = Recording();
        console.Write(RichRunConsole.Table(metrics));
        var lines = text.ToString().Split('\n');

        Assert.Contains(lines, l => l.Contains("basin") && l.Contains("nse") && l.Contains("fhv"));
        foreach (var (basin, row) in metrics.Rows)
            Assert.Contains(lines, l => l.Contains(basin) && l.Contains(RunConsole.Format(row.Get("nse"))));
        Assert.Contains(lines, l => l.Contains("median") && l.Contains(RunConsole.Format(metrics.Aggregate("kge", "median"))));
        Assert.Contains(lines, l => l.Contains("mean") && l.Contains(RunConsole.Format(metrics.Aggregate("rmse", "mean"))));
    }

    [Fact]
    public void Live_progress_runs_the_work_and_keeps_the_epoch_lines()
    {
        var (console, text) = Recording();
        var rich = new RichRunConsole(console);
        int result = rich.Live(() =>
        {
            for (int step = 1; step <= 3; step++)
                rich.Progress.Report(new TrainingProgress("train", 1, 2, step, 3, 0.5, 0.4321, TimeSpan.FromSeconds(step)));
            rich.Progress.Report(new TrainingProgress("test", 0, 0, 1, 1, double.NaN, double.NaN, TimeSpan.FromSeconds(4)));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.Contains("epoch   1/2  loss 0.4321      3.0 s", text.ToString());   // the plain output's epoch line
    }
}
