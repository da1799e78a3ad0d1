using System.Runtime.Intrinsics.X86;
using TorchSharp;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// Whether a device multiplies bfloat16 matrices natively. Why it matters: on a CPU without AVX512-BF16 or AMX,
/// libtorch emulates bfloat16 arithmetic in float32 with conversions around it, so a bfloat16 network is slower than
/// float32, not faster; mixed-precision training is then all cost and no gain.
/// </summary>
public static class NativeBFloat16
{
    /// <summary>Whether <paramref name="device"/> has native bfloat16 matrix products (GPUs: assumed).</summary>
    public static bool On(torch.Device device) => device.type == DeviceType.CUDA || OnThisCpu;

    /// <summary>
    /// The CPU reports AVX512-BF16 (CPUID leaf 7 sub-leaf 1, EAX bit 5) or AMX-BF16 (leaf 7, EDX bit 22), and the
    /// operating system saves the AVX-512 registers (<see cref="Avx512F.IsSupported"/>). Not x86: false (libtorch's
    /// bfloat16 kernels elsewhere are not known to beat float32).
    /// </summary>
    public static bool OnThisCpu { get; } = DetectCpu();

    static bool DetectCpu()
    {
        if (!X86Base.IsSupported || !Avx512F.IsSupported || X86Base.CpuId(0, 0).Eax < 7) return false;
        bool avx512Bf16 = (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;
        bool amxBf16 = (X86Base.CpuId(7, 0).Edx & (1 << 22)) != 0;
        return avx512Bf16 || amxBf16;
    }
}
