using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>A few Adam steps of a hybrid model on one batch: what the coupling tests use to show a mode learns.</summary>
internal static class CouplingTraining
{
    /// <summary>MSE of <c>streamflow</c> over the scored days: (before the first step, after the last).</summary>
    public static (double First, double Last) Train(HybridModel model, ModelBatch batch, int steps, int warmUp, double lr = 0.03)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: lr);
        var observed = batch.Target[warmUp..];
        double first = double.NaN, last = double.NaN;
        using var generator = new Generator(1);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using (model.BeginTrainingStep(generator))
            {
                var loss = (model.Forward(batch).Series["streamflow"] - observed).square().mean();
                last = loss.item<float>();
                if (i == 0) first = last;
                loss.backward();
            }
            optimizer.step();
        }
        return (first, last);
    }
}
