namespace DeltaModel.Cli.Tests;

/// <summary>What the CLI tests share: the repository root, and running <c>deltamodel</c> in-process with captured console.</summary>
internal static class CliHarness
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Runs the command line in-process. Console is global state: callers belong to the "Sequential" collection.</summary>
    public static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (Program.Main(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (DeltaModel.slnx) not found above the test binaries.");
    }
}
