using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// Turns the errors users can cause (bad data, bad config, bad arguments) into one clear line on stderr and a
/// non-zero exit code; anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliErrors
{
    public const int UserError = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Out.Flush();
            // DELTAMODEL_TRACE=1 shows where an error came from (for bug reports); users see one line.
            Console.Error.WriteLine(Environment.GetEnvironmentVariable("DELTAMODEL_TRACE") == "1" ? $"error: {e}" : $"error: {e.Message}");
            return UserError;
        }
    }

    static bool IsUserError(Exception e) =>
        e is DataException or ConfigException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
            or InvalidDataException    // unusable checkpoints and statistics files (the message names the file)
            or Workspace.Slurm.SlurmException;
}
