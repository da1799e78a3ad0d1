using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Training;

/// <summary><c>training_log.csv</c> in a model folder: one <see cref="EpochRecord"/> per line, <c>epoch,loss,seconds,minibatches</c>.</summary>
public static class TrainingLog
{
    public const string FileName = "training_log.csv";
    const string Header = "epoch,loss,seconds,minibatches";

    /// <summary>Writes the whole log atomically.</summary>
    public static void Write(string path, IReadOnlyList<EpochRecord> epochs) =>
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine(Header);
            foreach (var r in epochs)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Loss:R},{r.Seconds:F3},{r.Minibatches}"));
        });

    /// <summary>The epochs logged so far; empty when there is no log yet.</summary>
    /// <exception cref="InvalidDataException">A line that is not four fields (names the file and line).</exception>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var f = line.Split(',');
            if (f.Length != 4) throw new InvalidDataException($"{path}:{i + 2}: expected {Header}, got '{line}'.");
            return new EpochRecord(int.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture));
        }).ToList();
    }
}
