using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Training;

/// <summary><c>training_log.csv</c> in a model folder: one <see cref="EpochRecord"/> per line, <c>epoch,loss,seconds,minibatches</c>.</summary>
public static class TrainingLog
{
    public const string FileName = "training_log.csv";
    static readonly string[] Columns = ["epoch", "loss", "seconds", "minibatches"];

    /// <summary>Writes the whole log atomically.</summary>
    public static void Write(string path, IReadOnlyList<EpochRecord> epochs) =>
        CsvTable.Write(path, Columns, rows =>
        {
            foreach (var r in epochs)
                rows.Row([Text(r.Epoch), r.Loss.ToString("R", CultureInfo.InvariantCulture), r.Seconds.ToString("F3", CultureInfo.InvariantCulture), Text(r.Minibatches)]);
        });

    /// <summary>The epochs logged so far; empty when there is no log yet.</summary>
    /// <exception cref="InvalidDataException">A missing column, a short row or a cell that is not a number (names the file and line).</exception>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var table = CsvTable.Open(path);
        int[] c = Columns.Select(table.Column).ToArray();
        return table.Rows(complete: true)
            .Select(r => new EpochRecord((int)r.Number(c[0]), r.Number(c[1]), r.Number(c[2]), (int)r.Number(c[3])))
            .ToList();
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
