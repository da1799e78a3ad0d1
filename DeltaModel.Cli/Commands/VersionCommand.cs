using System.CommandLine;
using DeltaModel.Core.Tensors;

namespace DeltaModel.Cli.Commands;

/// <summary><c>deltamodel version</c>: versions of DeltaModel, TorchSharp and the tensor backend.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the DeltaModel version and tensor backend.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"DeltaModel {BuildInfo.Version}");
            Console.WriteLine($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, backend {BuildInfo.TorchBackend}, " +
                              $"CUDA available: {TorchSharp.torch.cuda.is_available()}");
            return 0;
        });
        return command;
    }
}
