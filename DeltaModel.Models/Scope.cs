namespace DeltaModel.Models;

/// <summary>A <c>using</c> scope that runs <paramref name="end"/> once when it is disposed (a second dispose does
/// nothing): how a switch such as a network precision or a test seam is undone.</summary>
internal sealed class Scope(Action end) : IDisposable
{
    bool done;

    public void Dispose()
    {
        if (done) return;
        done = true;
        end();
    }
}
