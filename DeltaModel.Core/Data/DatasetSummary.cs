using System.Globalization;
using System.Text;

namespace DeltaModel.Core.Data;

/// <summary>
/// What a loaded dataset holds, in numbers a user can check before training: basins, period, each variable's unit,
/// share of missing days and range, and each attribute's missing count. Missing data shows here rather than as a
/// silent NaN deep inside a run.
/// </summary>
public sealed class DatasetSummary
{
    /// <summary>One dynamic variable: unit, % of basin-days missing, and statistics over the present values.</summary>
    public sealed record VariableRow(string Name, string Unit, bool IsTarget, double MissingPercent, double Min, double Mean, double Max);

    /// <summary>One static attribute: unit, number of basins without a value, categories for text attributes, and basins filled by <see cref="AttributeFill"/>.</summary>
    public sealed record AttributeRow(string Name, string Unit, int MissingBasins, int? Categories, double Min, double Max, int FilledBasins = 0);

    DatasetSummary(string source, IReadOnlyList<string> basins, DatePeriod period, List<VariableRow> variables, List<AttributeRow> attributes)
    {
        Source = source;
        Basins = basins;
        Period = period;
        Variables = variables;
        Attributes = attributes;
    }

    public string Source { get; }
    public IReadOnlyList<string> Basins { get; }
    public DatePeriod Period { get; }
    public IReadOnlyList<VariableRow> Variables { get; }
    public IReadOnlyList<AttributeRow> Attributes { get; }

    public static DatasetSummary Of(HydroDataset dataset)
    {
        var variables = dataset.Dynamic.Values
            .OrderBy(v => v.Name == dataset.TargetName ? 1 : 0).ThenBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => Describe(v, v.Name == dataset.TargetName)).ToList();
        var attributes = dataset.Attributes.Values.Select(Describe).ToList();
        return new DatasetSummary(dataset.Source, dataset.Basins, new DatePeriod(dataset.Start, dataset.End), variables, attributes);
    }

    static VariableRow Describe(DynamicVariable v, bool isTarget)
    {
        long missing = 0, present = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in v.Values)
        {
            if (float.IsNaN(x)) { missing++; continue; }
            present++;
            sum += x;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        double total = v.Values.LongLength;
        return present == 0
            ? new VariableRow(v.Name, v.Unit, isTarget, total == 0 ? 0 : 100, double.NaN, double.NaN, double.NaN)
            : new VariableRow(v.Name, v.Unit, isTarget, 100.0 * missing / total, min, sum / present, max);
    }

    static AttributeRow Describe(StaticAttribute a)
    {
        var present = a.Values.Where(x => !double.IsNaN(x)).ToList();
        return new AttributeRow(a.Name, a.Unit, a.Values.Length - present.Count, a.Categories?.Count,
            present.Count == 0 ? double.NaN : present.Min(), present.Count == 0 ? double.NaN : present.Max(), a.FilledCount);
    }

    /// <summary>A compact plain-text table for consoles and logs.</summary>
    public string Render()
    {
        var s = new StringBuilder();
        if (Source.Length > 0) s.AppendLine($"Source      {Source}");
        const int preview = 8;
        var ids = Basins.Count <= preview ? string.Join(" ", Basins) : string.Join(" ", Basins.Take(preview)) + " …";
        s.AppendLine($"Basins      {Basins.Count}: {ids}");
        s.AppendLine($"Period      {Period} ({Period.Days} days)");
        s.AppendLine();
        s.AppendLine($"{"variable",-12}{"unit",-8}{"missing",9}{"min",11}{"mean",11}{"max",11}");
        foreach (var v in Variables)
            s.AppendLine($"{v.Name + (v.IsTarget ? "*" : ""),-12}{v.Unit,-8}{v.MissingPercent.ToString("0.0", CultureInfo.InvariantCulture) + " %",9}" +
                         $"{Number(v.Min),11}{Number(v.Mean),11}{Number(v.Max),11}");
        s.AppendLine("(* target)");
        if (Attributes.Count > 0)
        {
            s.AppendLine();
            bool anyFilled = Attributes.Any(a => a.FilledBasins > 0);
            s.AppendLine($"{"attribute",-24}{"unit",-10}{"missing",8}{"min",11}{"max",11}{(anyFilled ? $"{"filled",8}" : "")}");
            foreach (var a in Attributes)
            {
                var range = a.Categories is { } k
                    ? $"{k + " categories",22}"
                    : $"{Number(a.Min),11}{Number(a.Max),11}";
                s.AppendLine($"{a.Name,-24}{a.Unit,-10}{a.MissingBasins,8}{range}{(anyFilled ? $"{a.FilledBasins,8}" : "")}");
            }
        }
        return s.ToString();
    }

    static string Number(double x) => double.IsNaN(x) ? "—" : x.ToString(Math.Abs(x) >= 1e5 ? "0.###e0" : "0.###", CultureInfo.InvariantCulture);
}
