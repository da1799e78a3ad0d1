using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Training;

/// <summary>
/// <c>learning_curve.csv</c> beside the training log: per epoch <c>epoch,minibatches,loss,lr,validation</c>, the
/// validation score empty when the epoch was not scored (the metric is named in <c>results.json</c>). The training log
/// keeps its own columns so earlier readers are unaffected.
/// </summary>
public static class LearningCurve
{
    public const string FileName = "learning_curve.csv";
    const string Header = "epoch,minibatches,loss,lr,validation";

    /// <summary>Writes the whole curve atomically.</summary>
    public static void Write(string path, IReadOnlyList<EpochRecord> epochs) =>
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine(Header);
            foreach (var r in epochs)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Epoch},{r.Minibatches},{r.Loss:R},{r.LearningRate:R},{(r.Validation is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "")}"));
        });

    /// <summary>The epochs of a model folder: its training log with the learning curve's learning rate and validation score.</summary>
    public static IReadOnlyList<EpochRecord> ReadHistory(string modelDirectory) =>
        Merge(Path.Combine(modelDirectory, FileName), TrainingLog.Read(Path.Combine(modelDirectory, TrainingLog.FileName)));

    /// <summary><paramref name="epochs"/> with the learning rate and validation score of the curve at <paramref name="path"/> (unchanged when there is none).</summary>
    /// <exception cref="InvalidDataException">A line that is not five fields (names the file and line).</exception>
    public static IReadOnlyList<EpochRecord> Merge(string path, IReadOnlyList<EpochRecord> epochs)
    {
        if (!File.Exists(path)) return epochs;
        var curve = new Dictionary<int, (double Lr, double? Validation)>();
        int lineNumber = 1;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != 5) throw new InvalidDataException($"{path}:{lineNumber}: expected {Header}, got '{line}'.");
            curve[int.Parse(f[0], CultureInfo.InvariantCulture)] = (double.Parse(f[3], CultureInfo.InvariantCulture),
                f[4].Length == 0 ? null : double.Parse(f[4], CultureInfo.InvariantCulture));
        }
        return epochs.Select(e => curve.TryGetValue(e.Epoch, out var c) ? e with { LearningRate = c.Lr, Validation = c.Validation } : e).ToList();
    }
}
