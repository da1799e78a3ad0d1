namespace DeltaModel.Cli.Commands;

/// <summary>
/// Whether the CLI may draw live progress and tables (Spectre.Console) or must print plain lines: plain whenever
/// stdout is not a terminal (a pipe, a file, a test), when <c>NO_COLOR</c> is set (no-color.org), when <c>CI</c> is set
/// (build logs), or when the terminal is <c>dumb</c>. Plain output is what scripts and tests parse.
/// </summary>
internal static class TerminalOutput
{
    public static bool IsRich => !Console.IsOutputRedirected && Allows(Environment.GetEnvironmentVariable);

    /// <summary>The environment's part of the decision (testable without a terminal).</summary>
    public static bool Allows(Func<string, string?> environment) =>
        string.IsNullOrEmpty(environment("NO_COLOR")) && string.IsNullOrEmpty(environment("CI")) &&
        !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
}
