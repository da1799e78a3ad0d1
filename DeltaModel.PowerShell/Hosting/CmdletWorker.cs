using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using DeltaModel.Core.Training;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// Runs long Core work (training, simulation) on a worker thread while the cmdlet's own thread writes its progress and
/// log lines: PowerShell allows <c>Write*</c> only on the pipeline thread, so the worker posts into a queue the cmdlet
/// thread drains. <see cref="Stop"/> (from <c>StopProcessing</c>, i.e. Ctrl+C) cancels the token the Core API takes;
/// the trainer then saves a checkpoint of the completed epochs and returns, and this class waits for it.
/// </summary>
internal sealed class CmdletWorker : IDisposable
{
    static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    readonly Cmdlet cmdlet;
    readonly ProgressRecord record;
    readonly CancellationTokenSource stop = new();
    DateTime lastProgress;

    /// <param name="activityId">Progress activity id, distinct per cmdlet so nested bars do not mix.</param>
    public CmdletWorker(Cmdlet cmdlet, int activityId, string activity)
    {
        this.cmdlet = cmdlet;
        record = new ProgressRecord(activityId, activity, "starting");
    }

    /// <summary>A log line starting so is shown as a warning (e.g. training falling back to float32), the rest as verbose messages.</summary>
    const string WarningPrefix = "warning: ";

    /// <summary>Requests cancellation (safe from any thread).</summary>
    public void Stop() => stop.Cancel();

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread, relaying its progress (rate-limited, always at epoch ends) and
    /// log lines (as verbose messages, or warnings) until it finishes; returns its result or rethrows its exception unwrapped.
    /// </summary>
    public T Run<T>(Func<IProgress<TrainingProgress>, Action<string>, CancellationToken, T> work)
    {
        using var queue = new BlockingCollection<object>();
        var progress = new QueueProgress(queue);
        Action<string> log = line => queue.Add(line);
        var task = Task.Factory.StartNew(() =>
        {
            try { return work(progress, log, stop.Token); }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
            {
                if (item is TrainingProgress p) Report(p);
                else if (item is string line && line.StartsWith(WarningPrefix, StringComparison.Ordinal)) cmdlet.WriteWarning(line[WarningPrefix.Length..]);
                else if (item is string other) cmdlet.WriteVerbose(other);
            }
            record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(record);
        }
        finally
        {
            // A pipeline stop throws out of Write*; let the worker finish its checkpoint before leaving.
            if (!task.IsCompleted) { stop.Cancel(); DrainQuietly(queue); }
        }
        return task.GetAwaiter().GetResult();
    }

    void Report(TrainingProgress p)
    {
        bool epochEnd = p.Step == p.Steps;
        var now = DateTime.UtcNow;
        if (!epochEnd && lastProgress != default && now - lastProgress < ProgressInterval) return;
        lastProgress = now;
        record.StatusDescription = p.Phase == "train"
            ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, minibatch {p.Step}/{p.Steps}, loss {p.EpochLoss:F4}")
            : $"{p.Phase}: chunk {p.Step}/{p.Steps}";
        double fraction = Math.Clamp(p.Fraction, 0, 1);
        record.PercentComplete = (int)(100 * fraction);
        record.SecondsRemaining = fraction > 0 ? (int)(p.Elapsed.TotalSeconds * (1 - fraction) / fraction) : -1;
        cmdlet.WriteProgress(record);
    }

    static void DrainQuietly(BlockingCollection<object> queue)
    {
        foreach (var _ in queue.GetConsumingEnumerable()) { }
    }

    public void Dispose() => stop.Dispose();

    /// <summary>Posts to the queue on the reporting thread (not <see cref="Progress{T}"/>, which posts to the thread pool and reorders).</summary>
    sealed class QueueProgress(BlockingCollection<object> queue) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => queue.Add(value);
    }
}
