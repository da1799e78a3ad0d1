namespace DeltaModel.Core.Outputs;

/// <summary>
/// Writes files so that a reader never sees a half-written one: content goes to a temporary file in the same folder,
/// which is then renamed over the target (an atomic replace on the same file system). A crashed run leaves at most a
/// stray <c>*.tmp-*</c> file, never a truncated result that an incremental build would mistake for done.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, tmp => File.WriteAllText(tmp, contents));

    public static void WriteAllBytes(string path, byte[] contents) =>
        Write(path, tmp => File.WriteAllBytes(tmp, contents));

    /// <summary>Calls <paramref name="writeTo"/> with a temporary path, then moves the result to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            writeTo(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
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
