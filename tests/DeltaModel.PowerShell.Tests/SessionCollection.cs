namespace DeltaModel.PowerShell.Tests;

/// <summary>Every hosted-engine test shares one runspace and trained sample model, and runs sequentially (TorchSharp seeds, runspace state).</summary>
[CollectionDefinition(Name)]
public sealed class SessionCollection : ICollectionFixture<ModuleSession>
{
    public const string Name = "Sequential";
}
