using DeltaModel.Core.Training;

namespace DeltaModel.Core.Tests.Training;

public sealed class LearningCurveTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("curve-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void WrittenCurve_MergesBackIntoTheLog_BitExact_WithUnscoredEpochsEmpty()
    {
        var path = Path.Combine(dir, LearningCurve.FileName);
        EpochRecord[] epochs =
        [
            new(1, 0.5, 1.0, 10) { LearningRate = 1.0, Validation = null },
            new(2, 0.4, 1.0, 10) { LearningRate = 0.1 * 0.7, Validation = 0.123456789012345 },
        ];
        LearningCurve.Write(path, epochs);
        Assert.Equal(["epoch,minibatches,loss,lr,validation", "1,10,0.5,1,", "2,10,0.4,0.06999999999999999,0.123456789012345"], File.ReadAllLines(path));
        var log = epochs.Select(e => new EpochRecord(e.Epoch, e.Loss, e.Seconds, e.Minibatches)).ToList();
        Assert.Equal(epochs, LearningCurve.Merge(path, log));
        Assert.Equal(log, LearningCurve.Merge(Path.Combine(dir, "absent.csv"), log));
    }

    [Fact]
    public void MalformedLine_NamesFileAndLine()
    {
        var path = Path.Combine(dir, LearningCurve.FileName);
        File.WriteAllLines(path, ["epoch,minibatches,loss,lr,validation", "1,10,0.5,1,", "2,10,0.4"]);
        var e = Assert.Throws<InvalidDataException>(() => LearningCurve.Merge(path, [new EpochRecord(1, 0.5, 1, 10)]));
        Assert.Contains($"{path}:3", e.Message);
    }
}
