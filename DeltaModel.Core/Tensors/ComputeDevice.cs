using System;
using System.Globalization;
using TorchSharp;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// The run-time device option: <c>cpu</c>, <c>cuda</c> (device 0) or <c>cuda:N</c>. The tensor backend compiled in is a
/// build property (<c>-p:TorchBackend=cpu|cuda</c>); asking for CUDA where it is absent is a clear error, not a crash.
/// </summary>
public static class ComputeDevice
{
    /// <summary>Parses and checks a device string; throws <see cref="ArgumentException"/> naming the problem and the fix.</summary>
    public static torch.Device Resolve(string? spec)
    {
        var text = (spec ?? "cpu").Trim().ToLowerInvariant();
        if (text is "" or "cpu") return torch.CPU;

        int index = 0;
        if (text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
                throw new ArgumentException($"device '{spec}': expected cpu, cuda or cuda:N with N a GPU index (e.g. cuda:0).");
        }
        else if (text != "cuda")
        {
            throw new ArgumentException($"device '{spec}': expected cpu, cuda or cuda:N.");
        }

        if (!torch.cuda.is_available())
            throw new ArgumentException(
                $"device '{spec}': CUDA is not available in this build/machine. This build uses the '{BuildInfo.TorchBackend}' " +
                "tensor backend; rebuild with -p:TorchBackend=cuda on a machine with an NVIDIA driver, or run with --device cpu.");
        int count = torch.cuda.device_count();
        if (index >= count)
            throw new ArgumentException($"device '{spec}': GPU index {index} out of range; this machine has {count} CUDA device(s) (0..{count - 1}).");
        return new torch.Device(DeviceType.CUDA, index);
    }
}
