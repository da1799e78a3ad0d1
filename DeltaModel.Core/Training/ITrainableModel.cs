using DeltaModel.Core.Sampling;
using static TorchSharp.torch;

namespace DeltaModel.Core.Training;

/// <summary>
/// A model the trainer can fit and evaluate without knowing what it is: a network alone, or networks + physics.
/// Implemented in DeltaModel.Models; Core depends only on this contract.
/// </summary>
public interface ITrainableModel : IDisposable
{
    /// <summary>The TorchSharp module holding every trainable weight (train/eval mode, state dict, device).</summary>
    nn.Module Module { get; }

    /// <summary>What the model reads from a dataset, by name.</summary>
    InputSpec Inputs { get; }

    /// <summary>Warm-up days at the start of every batch; outputs and scored targets begin after them.</summary>
    int WarmUp { get; }

    /// <summary>Name of the output series compared with the observed target (e.g. <c>streamflow</c>).</summary>
    string TargetOutput { get; }

    /// <summary>Forward pass over a batch <c>[T, b, ·]</c>; series cover days <c>WarmUp..T−1</c>.</summary>
    ModelOutput Forward(ModelBatch batch);

    /// <summary>
    /// Prepares one training step (e.g. DropConnect masks). Dispose after <c>backward()</c> and before the optimizer step.
    /// </summary>
    IDisposable BeginTrainingStep(Generator generator);

    /// <summary>
    /// Runs the network in <paramref name="dtype"/> (e.g. bfloat16) for forward passes without gradient in eval mode
    /// until the result is disposed; training steps are unaffected. Float32 is the weights' own type: a no-op.
    /// </summary>
    /// <exception cref="NotSupportedException">The model cannot run its network in that type.</exception>
    IDisposable UseNetworkPrecision(ScalarType dtype) =>
        dtype == ScalarType.Float32 ? NoScope.Instance : throw new NotSupportedException($"{GetType().Name} runs its network in float32 only, not {dtype}.");

    /// <summary>
    /// Trains with the network's matrix products in <paramref name="dtype"/> (mixed precision: float32 weights, optimizer
    /// state, physics and loss; the network's gradients reach the float32 weights by the end of the training step's
    /// <see cref="BeginTrainingStep"/> scope) until the result is disposed. Float32: a no-op.
    /// </summary>
    /// <exception cref="NotSupportedException">The model cannot train its network in that type.</exception>
    IDisposable UseTrainingPrecision(ScalarType dtype) =>
        dtype == ScalarType.Float32 ? NoScope.Instance : throw new NotSupportedException($"{GetType().Name} trains its network in float32 only, not {dtype}.");

    /// <summary>A few lines describing the model (networks, physics, parameters), for logs and front ends.</summary>
    IReadOnlyList<string> Describe();
}
