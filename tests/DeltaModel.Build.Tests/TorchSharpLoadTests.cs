using DeltaModel.Core.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Build.Tests;

public class TorchSharpLoadTests
{
    [Fact]
    public void Autograd_ComputesGradientOfCubicSum()
    {
        using var x = tensor(new[] { 1.0, 2.0, -3.0 }, requires_grad: true);
        using var y = (x * x * x).sum();
        y.backward();
        // d/dx Σ x³ = 3x²
        Assert.Equal(new[] { 3.0, 12.0, 27.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Lstm_RunsForwardAndBackwardOnCpu()
    {
        using var scope = NewDisposeScope();
        using var lstm = nn.LSTM(4, 8);
        var input = randn(5, 3, 4);                            // [T, B, F]
        var (output, _, _) = lstm.call(input);
        output.sum().backward();
        Assert.Equal(new long[] { 5, 3, 8 }, output.shape);
        Assert.True(lstm.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void ComputeDevice_Cpu_Resolves()
    {
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu").type);
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve(null).type);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void ComputeDevice_Malformed_NamesTheValue(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve(spec));
        Assert.Contains($"'{spec}'", e.Message);
    }

    [SkippableFact]
    public void ComputeDevice_CudaWithoutGpu_ExplainsHowToFix()
    {
        Skip.If(cuda.is_available(), "only meaningful on a machine without a CUDA GPU");
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve("cuda"));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Contains("--device cpu", e.Message);
    }
}
