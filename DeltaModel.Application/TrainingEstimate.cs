using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;

namespace DeltaModel.Application;

/// <summary>
/// A rough cost of one training epoch, shown before a run starts (e.g. by <c>-WhatIf</c>) so a user sees a week-long
/// or out-of-memory setup before paying for it. The rates are the CPU measurements of shared/spec/platform-notes.md
/// (TorchSharp on a 2-core machine); expect a factor of two either way, less on a GPU.
/// </summary>
/// <param name="Iterations">Minibatches per epoch (config or δMG's formula).</param>
/// <param name="BasinDays">Basin-days run forward per epoch, warm-up included.</param>
/// <param name="SecondsPerEpoch">Estimated wall time of one epoch [s].</param>
/// <param name="PeakBytes">Estimated peak memory of one minibatch's autograd tape [bytes].</param>
public sealed record TrainingEstimate(int Iterations, long BasinDays, double SecondsPerEpoch, long PeakBytes)
{
    // HBV-like loop, forward + backward: 1095 days × 100 basins × 16 components ≈ 0.95 s (platform notes).
    const double PhysicsSecondsPerComponentDay = 0.95 / (1095.0 * 100 * 16);
    // Fused CPU LSTM, forward + backward + step: 365 days × 100 basins × 256 hidden ≈ 0.54 s (platform notes).
    const double LstmSecondsPerUnitDay = 0.54 / (365.0 * 100 * 256);
    // Autograd tape of the physics loop ≈ 230 bytes per basin-component per day (platform notes).
    const double PhysicsTapeBytes = 230;
    // LSTM activations kept for backward: 4 gates + cell + hidden in float32, about 6 × 4 bytes per unit-day.
    const double LstmTapeBytes = 24;

    /// <summary>Estimates an epoch of <paramref name="config"/> on <paramref name="basins"/> basins with <paramref name="days"/> input days.</summary>
    public static TrainingEstimate For(ExperimentConfig config, int basins, int days)
    {
        var m = config.Model;
        int batch = config.Train.BatchSize, window = m.WarmUp + m.Rho;
        int iterations = config.Train.IterationsPerEpoch
            ?? MinibatchSampler.IterationsPerEpoch(batch, m.Rho, Math.Max(1, basins), Math.Max(days, window + 1), m.WarmUp);
        long basinDaysPerBatch = (long)batch * window;
        double unitDays = (double)basinDaysPerBatch * m.Nn.HiddenSize;
        double componentDays = m.Physics is { } p ? (double)basinDaysPerBatch * p.Components : 0;
        double seconds = iterations * (unitDays * LstmSecondsPerUnitDay + componentDays * PhysicsSecondsPerComponentDay);
        long bytes = (long)(unitDays * LstmTapeBytes + componentDays * PhysicsTapeBytes);
        return new TrainingEstimate(iterations, basinDaysPerBatch * iterations, seconds, bytes);
    }
}
