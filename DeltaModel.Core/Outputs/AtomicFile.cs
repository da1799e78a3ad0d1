namespace DeltaModel.Core.Outputs;

/// <summary>
/// Writes files so that a reader never sees a half-written one: content goes to a temporary file in the same folder,
/// which is then renamed over the target (an atomic replace on the same file system). A crashed run leaves at most a
/// stray <c>*.tmp-*</c> file, never a truncated result that an incremental build would mistake for done; the next run
/// in that folder removes it (<see cref="RemoveStale"/>).
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, tmp => File.WriteAllText(tmp, contents));

    public static void WriteAllBytes(string path, byte[] contents) =>
        Write(path, tmp => File.WriteAllBytes(tmp, contents));

    /// <summary>
    /// Copies each of <paramref name="files"/> (paths under <paramref name="fromFolder"/>) to the same relative path
    /// under <paramref name="toFolder"/>, in the given order, each atomically; returns the copies' paths.
    /// </summary>
    public static IReadOnlyList<string> CopyInto(IEnumerable<string> files, string fromFolder, string toFolder) =>
        files.Select(file =>
        {
            var copy = Path.Combine(toFolder, Path.GetRelativePath(fromFolder, file));
            WriteAllBytes(copy, File.ReadAllBytes(file));
            return copy;
        }).ToList();

    /// <summary>What names a temporary file: <c>&lt;target&gt;.tmp-&lt;process id&gt;-&lt;guid&gt;</c>.</summary>
    const string TemporaryMarker = ".tmp-";

    /// <summary>Whether <paramref name="path"/> is one of our temporary files rather than a result.</summary>
    public static bool IsTemporary(string path) => Path.GetFileName(path).Contains(TemporaryMarker, StringComparison.Ordinal);

    /// <summary>
    /// Deletes the temporary files that killed processes left under <paramref name="directory"/> (a process that is
    /// still running may be writing its own, which stay). Returns how many were removed.
    /// </summary>
    public static int RemoveStale(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, $"*{TemporaryMarker}*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var rest = name[(name.LastIndexOf(TemporaryMarker, StringComparison.Ordinal) + TemporaryMarker.Length)..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || IsRunning(pid)) continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }                 // no such process
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Calls <paramref name="writeTo"/> with a temporary path, then moves the result to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = $"{full}{TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            writeTo(tmp);
            HangBeforeRename.IfRequested(full, tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Test-only hook, so that crash-recovery tests can kill a run in the middle of writing a file, deterministically:
    /// with <c>DELTAMODEL_TEST_HANG_BEFORE_RENAME=&lt;file name&gt;[:&lt;n&gt;]</c> in the environment, the n-th write
    /// (default: the first) of a file of that name stops once its temporary file is complete, before the rename,
    /// prints <c>hanging before rename: &lt;temporary file&gt;</c> on stderr and waits to be killed. Unset, it costs one
    /// environment read per process. Not for users: a run with it set never finishes.
    /// </summary>
    static class HangBeforeRename
    {
        public const string Variable = "DELTAMODEL_TEST_HANG_BEFORE_RENAME";
        static readonly (string Name, int Count)? Request = Parse(Environment.GetEnvironmentVariable(Variable));
        static int seen;

        public static void IfRequested(string path, string tmp)
        {
            if (Request is not { } request || Path.GetFileName(path) != request.Name) return;
            if (Interlocked.Increment(ref seen) != request.Count) return;
            Console.Error.WriteLine($"hanging before rename: {tmp}");
            Console.Error.Flush();
            Thread.Sleep(Timeout.Infinite);
        }

        static (string, int)? Parse(string? value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            int colon = value.LastIndexOf(':');
            return colon > 0 && int.TryParse(value[(colon + 1)..], out int n) ? (value[..colon], n) : (value, 1);
        }
    }

    /// <summary>Writes through a <see cref="StreamWriter"/> (UTF-8, no BOM, '\n' line ends).</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, tmp =>
        {
            using var w = new StreamWriter(tmp, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
            write(w);
        });
}
