using System.Management.Automation;
using DeltaModel.Core.Tensors;

namespace DeltaModel.PowerShell;

/// <summary>
/// Runs when <c>Import-Module DeltaModel</c> loads the assembly, before any cmdlet creates a tensor: the same process
/// set-up as the command-line runner, so training from PowerShell is as fast as from <c>deltamodel run</c>.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <summary>
    /// Huge pages for large libtorch tensors and a heap that keeps mid-size blocks (docs/platform.md: ~2.5× faster
    /// training steps on Linux); ASP.NET Core found for Start-DeltaBuilder.
    /// </summary>
    public void OnImport()
    {
        NativeMemory.Configure();
        Hosting.AspNetCoreFramework.Register();
    }
}
