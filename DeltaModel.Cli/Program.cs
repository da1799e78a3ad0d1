using System.CommandLine;
using DeltaModel.Cli.Commands;

namespace DeltaModel.Cli;

/// <summary>The <c>deltamodel</c> command-line runner: a thin front end over the Core and Models APIs.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        DeltaModel.Core.Tensors.NativeMemory.Configure();            // before the first tensor (docs/platform.md)
        return BuildRoot().Parse(args).Invoke();
    }

    /// <summary>The command tree; one line per verb, each verb in its own file under Commands/.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("DeltaModel: differentiable hydrologic models (neural networks + process-based physics).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        root.Subcommands.Add(PhysicsCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(AssimilateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(WorkspaceCommand.Create());
        root.Subcommands.Add(FoldsCommand.Create());
        root.Subcommands.Add(TwinCommand.Create());
        root.Subcommands.Add(GuiCommand.Create());
        root.Subcommands.Add(ExportBmiCommand.Create());
        return root;
    }
}
