namespace DeltaModel.Builder;

/// <summary>How the experiment builder starts: which folder it works in, and where it listens.</summary>
public sealed record BuilderOptions
{
    /// <summary>The only folder the page may read and write (experiments, their outputs).</summary>
    public required string Workspace { get; init; }

    /// <summary>
    /// Folders outside the workspace whose datasets the page may read to list their basins (e.g. a shared data disk).
    /// The runner reads an experiment's data wherever it is; the builder itself reads only the workspace and these.
    /// </summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>TCP port; 0 = a free one chosen by the system.</summary>
    public int Port { get; init; }

    /// <summary>Address to bind. Only a loopback address is accepted (<see cref="BuilderServer.Start"/> refuses others).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The access token every request must carry; null = a fresh random one per start.</summary>
    public string? Token { get; init; }
}
