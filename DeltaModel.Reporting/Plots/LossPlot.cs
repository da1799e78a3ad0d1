using DeltaModel.Core.Outputs;
using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>Training loss per epoch (model/training_log.csv: <c>epoch,loss,seconds,minibatches</c>).</summary>
public static class LossPlot
{
    /// <summary>Writes the plot; false when the log has no finite losses (nothing drawn, nothing written).</summary>
    public static bool Write(string trainingLog, string png, string title)
    {
        var table = CsvTable.Open(trainingLog);
        int epoch = table.Column("epoch"), loss = table.Column("loss");
        var points = table.Rows().Select(r => (X: CsvTable.Number(r[epoch]), Y: CsvTable.Number(r[loss])))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        if (points.Length == 0) return false;

        var plot = new Plot();
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LegendText = "training loss";
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        PlotFile.SavePng(plot, png);
        return true;
    }
}
