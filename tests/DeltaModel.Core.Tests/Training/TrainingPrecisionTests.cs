using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using Xunit;

namespace DeltaModel.Core.Tests.Training;

public class TrainingPrecisionTests
{
    [Fact]
    public void Bfloat16_is_used_where_the_hardware_has_it()
    {
        Assert.Equal(("bfloat16", (string?)null), TrainingPrecision.Resolve("bfloat16", nativeBFloat16: true));
    }

    [Fact]
    public void Without_native_bfloat16_training_falls_back_to_float32_and_says_so()
    {
        var (used, warning) = TrainingPrecision.Resolve("bfloat16", nativeBFloat16: false);
        Assert.Equal("float32", used);
        Assert.NotNull(warning);
        Assert.StartsWith("warning: ", warning);
        Assert.Contains("train.network_precision", warning);
        Assert.Contains("float32", warning);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Float32_is_float32_everywhere_without_a_warning(bool native)
    {
        Assert.Equal(("float32", (string?)null), TrainingPrecision.Resolve("float32", native));
    }

    [Fact]
    public void An_unknown_precision_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainingPrecision.Resolve("half", nativeBFloat16: true));
        Assert.Contains("'half'", e.Message);
    }

    [Fact]
    public void Cpu_detection_agrees_with_the_kernel_flags_on_linux()
    {
        if (!File.Exists("/proc/cpuinfo")) return;                       // the kernel's view exists on Linux only
        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        if (!flags.Contains("avx512f")) { Assert.False(NativeBFloat16.OnThisCpu); return; }
        Assert.Equal(flags.Contains("avx512_bf16") || flags.Contains("amx_bf16"), NativeBFloat16.OnThisCpu);
    }
}
