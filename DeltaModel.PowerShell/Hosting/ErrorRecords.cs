using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// Turns Core exceptions into <see cref="ErrorRecord"/>s with a stable error id, a category and the object at fault,
/// so users see one clear message (never a .NET stack trace) and scripts can test <c>FullyQualifiedErrorId</c>.
/// The exception stays attached for <c>$Error[0].Exception</c> (and bug reports).
/// </summary>
internal static class ErrorRecords
{
    /// <summary>The record for a Core exception; the id and category follow the kind of problem.</summary>
    public static ErrorRecord From(Exception e, object? target)
    {
        var (id, category) = e switch
        {
            ConfigException => ("InvalidConfiguration", ErrorCategory.InvalidData),
            RunInputException missing => (missing.Reason, ErrorCategory.InvalidArgument),
            DataException => ("InvalidData", ErrorCategory.InvalidData),
            DirectoryNotFoundException or FileNotFoundException => ("PathNotFound", ErrorCategory.ObjectNotFound),
            InvalidDataException => ("InvalidModelFile", ErrorCategory.InvalidData),
            ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument),
            NotImplementedException => ("NotImplemented", ErrorCategory.NotImplemented),
            OperationCanceledException => ("Stopped", ErrorCategory.OperationStopped),
            UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied),
            IOException => ("IOError", ErrorCategory.WriteError),
            _ => ("UnexpectedError", ErrorCategory.NotSpecified),
        };
        var record = new ErrorRecord(e, id, category, (e as RunInputException)?.Target ?? target);
        if (e is NotImplementedException)
            record.ErrorDetails = new ErrorDetails($"{e.Message} This model kind cannot be built by this DeltaModel version yet " +
                                                   "(physics models need the network → physics composition); plain networks (no -Physics) work.");
        return record;
    }

    /// <summary>A record for a problem the cmdlet itself detects (bad combination of arguments, missing input).</summary>
    public static ErrorRecord Create(string id, ErrorCategory category, object? target, string message) =>
        new(new ArgumentException(message), id, category, target);

    /// <summary>Whether an exception is one Core throws for things users can get wrong (and so gets no stack trace).</summary>
    public static bool IsExpected(Exception e) => e is not (OutOfMemoryException or StackOverflowException or AccessViolationException);
}
