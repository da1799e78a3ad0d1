namespace DeltaModel.Core.Training;

/// <summary>A scope that changes nothing: what a scope-returning method gives back when there is nothing to undo.</summary>
public sealed class NoScope : IDisposable
{
    public static readonly NoScope Instance = new();

    public void Dispose() { }
}
