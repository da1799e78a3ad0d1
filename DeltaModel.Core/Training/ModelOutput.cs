using static TorchSharp.torch;

namespace DeltaModel.Core.Training;

/// <summary>What a model's forward pass returns: named series over the scored days and per-basin scalars.</summary>
/// <param name="Series">Series by name, each <c>[T − warm-up, b]</c> (e.g. streamflow in mm/d).</param>
/// <param name="Scalars">Per-basin values by name, each <c>[b]</c> (e.g. BFI).</param>
public sealed record ModelOutput(IReadOnlyDictionary<string, Tensor> Series, IReadOnlyDictionary<string, Tensor> Scalars);
