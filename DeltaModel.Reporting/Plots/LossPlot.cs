using DeltaModel.Core.Outputs;
using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// Training loss per epoch (model/training_log.csv: <c>epoch,loss,seconds,minibatches</c>) and, when the run was
/// validated, the validation score of the scored epochs on a second axis (model/learning_curve.csv beside the log).
/// </summary>
public static class LossPlot
{
    /// <summary>Writes the plot; false when the log has no finite losses (nothing drawn, nothing written).</summary>
    /// <param name="validation">The learning curve file and the axis label of its validation score (e.g. <c>validation
    /// median nse</c>); null = no validation curve.</param>
    public static bool Write(string trainingLog, string png, string title, (string LearningCurve, string Label)? validation = null)
    {
        var points = Points(trainingLog, "loss");
        if (points.Length == 0) return false;

        var plot = new Plot();
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LegendText = "training loss";
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");

        var scores = validation is { } v && File.Exists(v.LearningCurve) ? Points(v.LearningCurve, "validation") : [];
        if (scores.Length > 0)
        {
            var curve = plot.Add.Scatter(scores.Select(p => p.X).ToArray(), scores.Select(p => p.Y).ToArray());
            curve.Axes.YAxis = plot.Axes.Right;
            curve.LegendText = validation!.Value.Label;
            plot.Axes.Right.Label.Text = validation.Value.Label;
            plot.ShowLegend(Alignment.UpperCenter);
        }
        PlotFile.SavePng(plot, png);
        return true;
    }

    /// <summary>(epoch, column) pairs with both finite.</summary>
    static (double X, double Y)[] Points(string csv, string column)
    {
        var table = CsvTable.Open(csv);
        int epoch = table.Column("epoch"), value = table.Column(column);
        return table.Rows().Select(r => (X: CsvTable.Number(r[epoch]), Y: CsvTable.Number(r[value])))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
    }
}
