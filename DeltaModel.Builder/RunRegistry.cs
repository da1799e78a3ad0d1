using DeltaModel.Application;

namespace DeltaModel.Builder;

/// <summary>The runs started from the page. One at a time: a run uses every core libtorch is given.</summary>
public sealed class RunRegistry
{
    readonly Dictionary<string, BuilderRun> runs = [];
    readonly object gate = new();
    int next;

    /// <exception cref="BuilderException">409 while another run is going.</exception>
    public BuilderRun Start(string experiment, RunPlan plan)
    {
        lock (gate)
        {
            if (runs.Values.FirstOrDefault(r => r.State == "running") is { } busy)
                throw BuilderException.Conflict($"'{busy.Experiment}' is still running; cancel it or wait for it to finish.");
            var run = BuilderRun.Start((++next).ToString(System.Globalization.CultureInfo.InvariantCulture), experiment, plan);
            runs[run.Id] = run;
            return run;
        }
    }

    /// <exception cref="BuilderException">404 for an unknown id.</exception>
    public BuilderRun Get(string id)
    {
        lock (gate)
            return runs.TryGetValue(id, out var run) ? run : throw BuilderException.NotFound($"no run '{id}'.");
    }

    /// <summary>Cancels every run still going (the server is stopping).</summary>
    public void CancelAll()
    {
        lock (gate)
            foreach (var run in runs.Values) run.Cancel();
    }
}
