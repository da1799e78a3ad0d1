using System.Runtime.ExceptionServices;

namespace DeltaModel.Core.Data;

/// <summary>
/// Runs one load action per basin on the thread pool and reports failures as the user's error, not as an
/// <see cref="AggregateException"/> from deep inside the runtime: one failure is rethrown as is; several become one
/// <see cref="DataException"/> listing them.
/// </summary>
internal static class ParallelLoad
{
    public static void ForEach(int count, Action<int> load)
    {
        var errors = new Exception?[count];
        Parallel.For(0, count, i =>
        {
            try { load(i); }
            catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException) { errors[i] = e; }
        });
        var failed = errors.Where(e => e is not null).Select(e => e!).ToList();
        if (failed.Count == 1) ExceptionDispatchInfo.Throw(failed[0]);
        if (failed.Count > 1)
        {
            const int shown = 10;
            var lines = failed.Take(shown).Select(e => "  " + e.Message);
            var more = failed.Count > shown ? $"\n  … and {failed.Count - shown} more." : "";
            throw new DataException($"{failed.Count} basins failed to load:\n{string.Join("\n", lines)}{more}");
        }
    }
}
