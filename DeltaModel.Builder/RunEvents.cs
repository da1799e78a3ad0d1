using System.Text.Json;

namespace DeltaModel.Builder;

/// <summary>
/// A run's live progress as server-sent events: a <c>progress</c> event when the trainer reports (epoch, step, loss,
/// ETA), a <c>log</c> event per log line, and one <c>end</c> event with how the run ended.
/// </summary>
static class RunEvents
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public static async Task Stream(BuilderRun run, HttpContext context)
    {
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        int logged = 0;
        object? last = null;
        var stop = context.RequestAborted;
        while (!stop.IsCancellationRequested)
        {
            var state = run.State;   // read first: lines and progress written before the run ended are sent below
            foreach (var line in run.LogFrom(logged))
            {
                await Send(response, "log", new { line }, stop);
                logged++;
            }
            if (run.Progress is { } p && !ReferenceEquals(p, last))
            {
                last = p;
                double eta = p.Fraction > 0 ? p.Elapsed.TotalSeconds * (1 - p.Fraction) / p.Fraction : double.NaN;
                await Send(response, "progress", new
                {
                    phase = p.Phase, epoch = p.Epoch, epochs = p.Epochs, step = p.Step, steps = p.Steps,
                    loss = Finite(p.Loss), epoch_loss = Finite(p.EpochLoss), fraction = p.Fraction,
                    elapsed = p.Elapsed.TotalSeconds, eta = Finite(eta),
                }, stop);
            }
            if (state != "running")
            {
                await Send(response, "end", new { state, error = run.Error }, stop);
                return;
            }
            await Task.Delay(Tick, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    static double? Finite(double x) => double.IsFinite(x) ? x : null;

    static async Task Send(HttpResponse response, string name, object data, CancellationToken stop)
    {
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n", stop);
        await response.Body.FlushAsync(stop);
    }
}
