using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using DeltaModel.Models.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// A network alone predicting the target (the LSTM benchmark of the δMG papers): the network's one output is a
/// z-score of the target, turned back into physical units with the training target's mean and standard deviation.
/// Those two constants are buffers of the module, so a checkpoint carries them and testing needs no training data.
/// </summary>
public sealed class NeuralModel : NetworkModel
{
    readonly Tensor targetMean;
    readonly Tensor targetStd;
    readonly bool truncate;

    /// <param name="targetMean">Mean of the observed target over the training input [target unit].</param>
    /// <param name="targetStd">Its standard deviation (&gt; 0).</param>
    /// <param name="targetOutput">The name of the predicted series.</param>
    public NeuralModel(NeuralNetworkConfig nn, InputSpec inputs, int warmUp, double targetMean, double targetStd,
        string targetOutput = ExperimentConfig.DefaultTargetOutput)
        : base(nameof(NeuralModel), inputs, warmUp, () => NetworkRegistry.Create(nn, NetworkInput.Width(inputs), 1), targetOutput)
    {
        if (!(targetStd > 0)) throw new ArgumentOutOfRangeException(nameof(targetStd), $"target standard deviation must be > 0, got {targetStd}.");
        truncate = nn.TruncateWarmUpGradient;
        this.targetMean = tensor((float)targetMean);
        this.targetStd = tensor((float)targetStd);
        register_buffer("target_mean", this.targetMean);
        register_buffer("target_std", this.targetStd);
        Config = nn;
    }

    NeuralNetworkConfig Config { get; }

    public override ModelOutput Forward(ModelBatch batch)
    {
        using var x = NetworkInput.Of(batch);
        var z = Precision.Forward(x, truncate ? WarmUp : 0)[WarmUp.., .., 0];           // [T − warm-up, b]
        var prediction = (z * targetStd).Plus(targetMean);
        return new ModelOutput(new Dictionary<string, Tensor> { [TargetOutput] = prediction }, new Dictionary<string, Tensor>());
    }

    public override IReadOnlyList<string> Describe() =>
    [
        $"network {Config.Name}: inputs {Network.InputSize}, hidden {Config.HiddenSize}, outputs 1, dropout {Config.Dropout}",
        $"target {Inputs.Target} (z-scored with training mean and std)",
        $"forcings [{string.Join(", ", Inputs.NetworkForcings)}], attributes [{string.Join(", ", Inputs.NetworkAttributes)}]",
    ];
}
