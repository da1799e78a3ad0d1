using System.Collections.Concurrent;
using DeltaModel.Core.Tensors;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Tensors;

public class ChunkWorkersTests
{
    [Fact]
    public void There_is_one_worker_per_libtorch_thread_and_at_most_one_per_chunk()
    {
        int threads = get_num_threads();
        Assert.Equal(Math.Min(Math.Min(5, threads), ChunkWorkers.MaxWorkers), ChunkWorkers.For(5, CPU));
        Assert.InRange(ChunkWorkers.For(1000, CPU), 1, ChunkWorkers.MaxWorkers);                  // memory: a few chunks at once
        Assert.Equal(Math.Max(1, threads / ChunkWorkers.For(1000, CPU)), ChunkWorkers.ThreadsPerWorker(ChunkWorkers.For(1000, CPU)));
        Assert.Equal(1, ChunkWorkers.For(1, CPU));
        Assert.Equal(1, ChunkWorkers.For(0, CPU));
    }

    [SkippableFact]
    public void Side_by_side_every_chunk_runs_once_without_gradient_on_its_share_of_the_libtorch_threads()
    {
        Skip.If(ChunkWorkers.For(8, CPU) < 2, "libtorch has one thread here, so chunks run one at a time on the calling thread");
        int threads = get_num_threads(), each = ChunkWorkers.ThreadsPerWorker(ChunkWorkers.For(8, CPU));
        var seen = new ConcurrentBag<(int Chunk, bool Grad, int Threads, double Sum)>();
        using (enable_grad())
            ChunkWorkers.Run(8, CPU, c =>
            {
                using var scope = NewDisposeScope();
                var x = full(new long[] { 64, 64 }, (float)c, requires_grad: true);
                seen.Add((c, is_grad_enabled(), get_num_threads(), x.matmul(x).sum().item<float>()));
            });
        Assert.Equal(Enumerable.Range(0, 8), seen.Select(s => s.Chunk).Order());
        Assert.All(seen, s => Assert.False(s.Grad));
        Assert.All(seen, s => Assert.Equal(each, s.Threads));                                    // one each on up to 4 cores
        Assert.All(seen, s => Assert.Equal(64.0 * 64 * 64 * s.Chunk * s.Chunk, s.Sum));   // exact in float32 up to 7²·2¹⁸
        Assert.Equal(threads, get_num_threads());                                          // the caller's setting is back
    }

    [Fact]
    public void The_first_failure_is_rethrown_as_it_was_thrown_and_the_thread_count_restored()
    {
        int threads = get_num_threads();
        var e = Assert.Throws<InvalidDataException>(() => ChunkWorkers.Run(6, CPU, c =>
        {
            if (c == 3) throw new InvalidDataException("chunk 3: no forcing");
        }));
        Assert.Equal("chunk 3: no forcing", e.Message);
        Assert.Equal(threads, get_num_threads());
    }

    [Fact]
    public void A_cancelled_run_stops_with_the_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        int ran = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => ChunkWorkers.Run(50, CPU, c =>
        {
            Interlocked.Increment(ref ran);
            cancel.Cancel();
        }, cancel.Token));
        Assert.InRange(ran, 1, ChunkWorkers.For(50, CPU));       // each worker finishes the chunk it had, takes no other
    }
}
