using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Tests.Outputs;

public class AtomicFileTests
{
    [Fact]
    public void A_write_leaves_only_the_target_and_stale_temporary_files_of_dead_processes_are_removed()
    {
        var dir = Directory.CreateTempSubdirectory("deltamodel-atomic-").FullName;
        try
        {
            var target = Path.Combine(dir, "model", "last.ckpt");
            AtomicFile.WriteAllText(target, "complete");
            Assert.Equal(["last.ckpt"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));

            // What a killed writer leaves (no process has id int.MaxValue), and what a live one (this process) is writing.
            var dead = $"{target}.tmp-{int.MaxValue}-0123456789abcdef";
            var live = $"{target}.tmp-{Environment.ProcessId}-fedcba9876543210";
            File.WriteAllText(dead, "half");
            File.WriteAllText(live, "half");
            Assert.True(AtomicFile.IsTemporary(dead));
            Assert.False(AtomicFile.IsTemporary(target));

            Assert.Equal(1, AtomicFile.RemoveStale(dir));
            Assert.False(File.Exists(dead));
            Assert.True(File.Exists(live), "a running process's temporary file stays");
            Assert.Equal("complete", File.ReadAllText(target));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
