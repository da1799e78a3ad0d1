using System.Runtime.ExceptionServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// Runs the independent chunks of a no-gradient pass side by side on the CPU, one chunk per libtorch thread (up to
/// <see cref="MaxWorkers"/>, which then share the threads), instead of one chunk at a time with every thread inside
/// each kernel.
/// Why (docs/platform.md): an evaluation chunk's network is a sequence of small matrix products (25 basins, one day at
/// a time), which libtorch's threads share poorly; on 2 cores a simulation ran at 1.1× its one-core speed, while two
/// chunks at once use both cores fully. Each chunk is computed exactly as it would be alone with its worker's threads,
/// so the values do not depend on which worker runs it or in what order the chunks finish.
/// </summary>
public static class ChunkWorkers
{
    /// <summary>
    /// At most this many chunks at once, whatever the core count: each holds its own working set (the LSTM's hidden and
    /// raw output alone for 25 basins × 4,017 days are ≈ 0.2 GB), so a many-core machine gives each worker several
    /// libtorch threads instead of holding dozens of chunks in memory.
    /// </summary>
    public const int MaxWorkers = 4;

    /// <summary>How many chunks run at once: one per libtorch thread on the CPU, at most one per chunk and
    /// <see cref="MaxWorkers"/>; one on other devices.</summary>
    public static int For(int chunks, Device device) =>
        device.type == DeviceType.CPU ? Math.Clamp(Math.Min(chunks, get_num_threads()), 1, MaxWorkers) : 1;

    /// <summary>libtorch threads of each worker when <paramref name="workers"/> share the caller's threads.</summary>
    public static int ThreadsPerWorker(int workers) => Math.Max(1, get_num_threads() / workers);

    /// <summary>
    /// Calls <paramref name="body"/> once for each chunk 0 … <paramref name="chunks"/> − 1, without gradient. With one
    /// worker, in order on the calling thread as before; with more, on that many threads of their own, each with
    /// <see cref="ThreadsPerWorker"/> libtorch threads, taking the next chunk when it is done. The first exception
    /// stops the others from taking further chunks and is rethrown as it was thrown (not wrapped), so errors read the
    /// same either way.
    /// </summary>
    /// <param name="body">Computes one chunk; it must only read shared state, or write it under its own lock.</param>
    public static void Run(int chunks, Device device, Action<int> body, CancellationToken cancel = default)
    {
        int workers = For(chunks, device);
        if (workers <= 1)
        {
            using var noGrad = no_grad();
            for (int c = 0; c < chunks; c++)
            {
                cancel.ThrowIfCancellationRequested();
                body(c);
            }
            return;
        }

        int threads = get_num_threads(), each = ThreadsPerWorker(workers);
        int next = -1;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            // libtorch's thread count is the OpenMP setting of the calling thread, so this leaves the others alone.
            set_num_threads(each);
            Denormals.OnThisThread();
            using var noGrad = no_grad();                      // gradient mode is per thread too
            try
            {
                for (int c; Volatile.Read(ref failure) is null && (c = Interlocked.Increment(ref next)) < chunks;)
                {
                    cancel.ThrowIfCancellationRequested();
                    body(c);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        // Dedicated threads rather than the .NET pool: the fused physics inside a chunk runs its basins on the pool.
        var pool = Enumerable.Range(0, workers).Select(_ => new Thread(Work, StackBytes) { IsBackground = true }).ToList();
        try
        {
            pool.ForEach(t => t.Start());
            pool.ForEach(t => t.Join());
        }
        finally
        {
            set_num_threads(threads);                       // also resets MKL's and the default for new threads
        }
        failure?.Throw();
    }

    /// <summary>As large as the main thread's usual stack: the chunk runs what the calling thread ran before.</summary>
    const int StackBytes = 8 * 1024 * 1024;
}
