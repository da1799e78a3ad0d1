using DeltaModel.Core.Tensors;
using DeltaModel.Models.Neural;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>Where an LSTM minibatch spends its time (diagnostic).</summary>
internal static class LstmPartsBench
{
    public static void Run()
    {
        Console.WriteLine($"torch threads: {get_num_threads()}, interop {get_num_interop_threads()}");
        Denormals.Flush(true);
        manual_seed(1);
        using var net = new LstmNetwork(38, 256, 210, dropConnect: 0.5);
        var x = randn(730, 100, 38);
        var half = randn(365, 100, 38);
        net.eval();
        Console.WriteLine($"forward 730 no-grad:      {Program.MedianSeconds(() => { using var s = NewDisposeScope(); using var ng = no_grad(); net.forward(x); }) * 1000,6:F0} ms");
        Console.WriteLine($"forward 365 no-grad:      {Program.MedianSeconds(() => { using var s = NewDisposeScope(); using var ng = no_grad(); net.forward(half); }) * 1000,6:F0} ms");
        net.train();
        Console.WriteLine($"forward 365 with grad:    {Program.MedianSeconds(() => { using var s = NewDisposeScope(); net.forward(half); }) * 1000,6:F0} ms");
        Console.WriteLine($"fwd+bwd 365:              {Program.MedianSeconds(() => { using var s = NewDisposeScope(); net.zero_grad(); net.forward(half).pow(2).mean().backward(); }) * 1000,6:F0} ms");
        set_num_threads(1);
        Console.WriteLine($"fwd+bwd 365 (1 thread):   {Program.MedianSeconds(() => { using var s = NewDisposeScope(); net.zero_grad(); net.forward(half).pow(2).mean().backward(); }) * 1000,6:F0} ms");
        set_num_threads(2);
    }
}
