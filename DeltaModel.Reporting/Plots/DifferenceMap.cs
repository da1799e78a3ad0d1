using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// A per-basin difference drawn at each gauge's location (longitude, latitude): one dot per basin, coloured on a
/// diverging scale centred on zero and clipped at ±<c>limit</c>, so the regions where one model wins stand out.
/// </summary>
public static class DifferenceMap
{
    /// <summary>Writes the map; false when no basin has both a location and a finite difference (nothing written).</summary>
    /// <param name="points">Per basin: longitude, latitude (degrees) and the difference.</param>
    public static bool Write(string png, IEnumerable<(double Lon, double Lat, double Value)> points, string title, string valueLabel, double limit = 0.3)
    {
        var drawn = points.Where(p => double.IsFinite(p.Lon) && double.IsFinite(p.Lat) && double.IsFinite(p.Value)).ToList();
        if (drawn.Count == 0) return false;
        var plot = new Plot();
        var scale = new ColorScale(new ScottPlot.Colormaps.Balance(), limit);
        foreach (var (lon, lat, value) in drawn)
        {
            // A grey rim under each dot, so a difference near zero (drawn white) still shows.
            var rim = plot.Add.Marker(lon, lat);
            rim.Color = Colors.Gray;
            rim.Size = 10;
            var marker = plot.Add.Marker(lon, lat);
            marker.Color = scale.Colormap.GetColor((Math.Clamp(value, -limit, limit) + limit) / (2 * limit));
            marker.Size = 7;
        }
        plot.Add.ColorBar(scale).Label = valueLabel;
        plot.Title(title);
        plot.XLabel("longitude [°]");
        plot.YLabel("latitude [°]");
        plot.Axes.SquareUnits();
        PlotFile.SavePng(plot, png, 1100, 600);
        return true;
    }

    /// <summary>The colour axis the bar shows: the colormap over [−limit, limit].</summary>
    sealed class ColorScale(IColormap colormap, double limit) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;
        public ScottPlot.Range GetRange() => new(-limit, limit);
    }
}
