using DeltaModel.Builder;

namespace DeltaModel.PowerShell.Model;

/// <summary>
/// An experiment builder started by Start-DeltaBuilder, serving in the background of this PowerShell session until
/// <see cref="Stop"/> (or Stop-DeltaBuilder, or the session's end).
/// </summary>
public sealed class DeltaBuilder
{
    static readonly List<DeltaBuilder> started = [];
    readonly BuilderServer server;
    int stopped;

    internal DeltaBuilder(BuilderServer server)
    {
        this.server = server;
        lock (started) started.Add(this);
    }

    /// <summary>The builders started in this process that still serve (what Stop-DeltaBuilder stops when given none).</summary>
    internal static IReadOnlyList<DeltaBuilder> Serving
    {
        get { lock (started) return [.. started]; }
    }

    /// <summary>The page's address with its access token: what to open in a browser.</summary>
    public string Url => server.Url;

    /// <summary>The server's root, without the token, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address => server.Address;

    public int Port => server.Address.Port;

    /// <summary>The folder the page reads and writes.</summary>
    public string Workspace => server.Workspace.Root;

    /// <summary>Whether it still serves.</summary>
    public bool Running => Volatile.Read(ref stopped) == 0;

    /// <summary>Stops serving; a run still going is cancelled, keeping its last checkpoint. Stopping twice does nothing.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0) return;
        lock (started) started.Remove(this);
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public override string ToString() => Url;
}
