using DeltaModel.Application;
using DeltaModel.Core.Training;

namespace DeltaModel.Builder;

/// <summary>
/// One experiment run started from the page, on a background thread in this process: its latest progress, its log
/// lines, and how it ended. Cancelling stops training at the next minibatch; the trainer keeps the checkpoint of
/// the last finished epoch, so the run resumes from there.
/// </summary>
public sealed class BuilderRun
{
    readonly CancellationTokenSource cancel = new();
    readonly List<string> log = [];
    readonly object gate = new();

    BuilderRun(string id, string experiment)
    {
        Id = id;
        Experiment = experiment;
    }

    public string Id { get; }

    /// <summary>The experiment file, workspace-relative.</summary>
    public string Experiment { get; }

    /// <summary>running, finished, cancelled or failed.</summary>
    public string State { get; private set; } = "running";

    /// <summary>Why it failed (a config or data error's message), when it did.</summary>
    public string? Error { get; private set; }

    public TrainingProgress? Progress { get; private set; }

    /// <summary>Log lines from <paramref name="from"/> on.</summary>
    public IReadOnlyList<string> LogFrom(int from)
    {
        lock (gate) return log.Skip(from).ToList();
    }

    public void Cancel() => cancel.Cancel();

    /// <summary>Starts <paramref name="plan"/> on a background thread.</summary>
    public static BuilderRun Start(string id, string experiment, RunPlan plan)
    {
        var run = new BuilderRun(id, experiment);
        var thread = new Thread(() => run.Execute(plan)) { IsBackground = true, Name = $"builder run {id}" };
        thread.Start();
        return run;
    }

    void Execute(RunPlan plan)
    {
        try
        {
            var runner = new ExperimentRunner(plan, new SynchronousProgress(p => Progress = p), Log);
            var result = runner.Run(cancel.Token);
            State = result.Training?.Cancelled == true || cancel.IsCancellationRequested ? "cancelled" : "finished";
        }
        catch (OperationCanceledException)
        {
            State = "cancelled";
        }
        catch (Exception e)
        {
            // The run's own errors (config, data) are messages for the user; anything else still ends the run, not the server.
            Error = e.Message;
            State = "failed";
        }
    }

    void Log(string line)
    {
        lock (gate) log.Add(line);
    }

    /// <summary>Reports on the trainer's thread (IProgress without a synchronization context).</summary>
    sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
