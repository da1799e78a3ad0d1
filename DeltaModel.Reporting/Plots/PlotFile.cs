using DeltaModel.Core.Outputs;
using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>Saves ScottPlot figures as PNG atomically, so a report never links a half-written image.</summary>
internal static class PlotFile
{
    public const int Width = 900;
    public const int Height = 500;

    public static void SavePng(Plot plot, string path, int width = Width, int height = Height) =>
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
}
