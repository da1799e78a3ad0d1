using DeltaModel.Core.Tensors;
using DeltaModel.Models.Neural;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>δMG's LSTM alone at the δHBV 1.0 minibatch size: 730 days × 100 basins × 38 inputs → 210 outputs, H 256.</summary>
internal static class LstmBench
{
    public static void Run()
    {
        foreach (bool flush in new[] { false, true })
        foreach (bool truncate in new[] { false, true })
        {
            Denormals.Flush(flush);
            manual_seed(1);
            using var net = new LstmNetwork(38, 256, 210, dropConnect: 0.5);
            net.train();
            using var opt = optim.Adadelta(net.parameters(), lr: 1.0);
            var x = randn(730, 100, 38);
            var gen = new Generator(3);
            double seconds = Program.MedianSeconds(() =>
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                using (net.BeginDropConnect(gen))
                {
                    var y = net.Forward(x, truncate ? 365 : 0);
                    // Sigmoid outputs feeding a smooth loss on the scored half, like the physics would.
                    var loss = (sigmoid(y[365..]) - 0.3).pow(2).mean();
                    loss.backward();
                }
                opt.step();
            }, warmup: 2, repeats: 5);
            Console.WriteLine($"flush denormals {(flush ? "on " : "off")}  truncate at warm-up {(truncate ? "on " : "off")}: {seconds * 1000,8:F0} ms per minibatch");
        }
        Denormals.Flush(false);
    }
}
