using DeltaModel.Core.Sampling;

namespace DeltaModel.Core.Training;

/// <summary>
/// A forward pass over each basin chunk of <see cref="Trainer.Simulate"/> that replaces the model's own, e.g. one that
/// starts from a saved state and keeps each chunk's end state (docs/outputs.md, "State files").
/// </summary>
/// <param name="WarmUp">Days at the start of each chunk that the pass reads but does not output (0 for a run from a state).</param>
/// <param name="Forward">The pass over one chunk; its series cover the chunk's days after <paramref name="WarmUp"/>.</param>
public sealed record SimulationPass(int WarmUp, Func<ModelBatch, ModelOutput> Forward);
