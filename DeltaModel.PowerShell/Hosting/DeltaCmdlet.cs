using System.Management.Automation;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// Base of the module's cmdlets: runs the cmdlet's body so that a Core exception becomes a terminating
/// <see cref="ErrorRecord"/> (style §6) and resolves user paths against PowerShell's current location, not the
/// process's ($PWD differs from the working directory in hosts and after Set-Location).
/// </summary>
public abstract class DeltaCmdlet : PSCmdlet
{
    /// <summary>Runs <paramref name="body"/>; a Core exception ends the cmdlet with an error record naming <paramref name="target"/>.</summary>
    private protected void Terminating(Action body, Func<object?> target)
    {
        try
        {
            body();
        }
        // RuntimeException covers PowerShell's own (stops, ThrowTerminatingError, binding): those pass through unchanged.
        catch (Exception e) when (e is not RuntimeException && ErrorRecords.IsExpected(e))
        {
            ThrowTerminatingError(ErrorRecords.From(e, target()));
        }
    }

    /// <summary>A provider path (relative paths against the current PowerShell location).</summary>
    private protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Ends the cmdlet with an error the cmdlet itself detected.</summary>
    private protected void Fail(string id, ErrorCategory category, object? target, string message) =>
        ThrowTerminatingError(ErrorRecords.Create(id, category, target, message));
}
