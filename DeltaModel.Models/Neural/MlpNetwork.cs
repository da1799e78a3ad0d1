using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeltaModel.Models.Neural;

/// <summary>
/// A multilayer perceptron applied to every leading index: <c>[..., nx] → [..., ny]</c>;
/// <c>Linear → ReLU → Dropout</c> per hidden layer, then a linear output. Unlike δMG's <c>MlpModel</c> (spec §3.3,
/// §10.12) the hidden layers do have a nonlinearity.
/// </summary>
public sealed class MlpNetwork : Module<Tensor, Tensor>, ISequenceNetwork
{
    readonly Sequential layers;

    /// <param name="hiddenLayers">Number of hidden layers. Range: ≥ 1.</param>
    /// <param name="dropout">Activation dropout after each hidden layer (training only). Range: [0, 1).</param>
    public MlpNetwork(long inputSize, long hiddenSize, long outputSize, int hiddenLayers = 2, double dropout = 0.0,
        Device? device = null, ScalarType? dtype = null) : base(nameof(MlpNetwork))
    {
        if (hiddenLayers < 1) throw new ArgumentOutOfRangeException(nameof(hiddenLayers), "at least one hidden layer");
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        long width = inputSize;
        for (int i = 0; i < hiddenLayers; i++)
        {
            modules.Add(($"linear{i}", nn.Linear(width, hiddenSize, device: device, dtype: dtype)));
            modules.Add(($"relu{i}", nn.ReLU()));
            if (dropout > 0) modules.Add(($"dropout{i}", nn.Dropout(dropout)));
            width = hiddenSize;
        }
        modules.Add(("output", nn.Linear(width, outputSize, device: device, dtype: dtype)));
        layers = nn.Sequential(modules);
        InputSize = inputSize;
        OutputSize = outputSize;
        RegisterComponents();
    }

    public long InputSize { get; }
    public long OutputSize { get; }

    public override Tensor forward(Tensor x) => layers.call(x);

    nn.Module ISequenceNetwork.Module => this;

    /// <summary>Each day is mapped on its own: there is no state to truncate, so every step keeps its gradient.</summary>
    public Tensor Forward(Tensor x, long noGradSteps) => forward(x);

    /// <summary>Activation dropout draws from the global stream; nothing to prepare per step.</summary>
    IDisposable ISequenceNetwork.BeginTrainingStep(Generator generator) => NoTrainingStep.Instance;

    sealed class NoTrainingStep : IDisposable
    {
        public static readonly NoTrainingStep Instance = new();
        public void Dispose() { }
    }
}
