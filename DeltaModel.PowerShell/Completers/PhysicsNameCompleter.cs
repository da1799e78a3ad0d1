using System.Collections;
using DeltaModel.Models;

namespace DeltaModel.PowerShell.Completers;

/// <summary>Physics model names from the model registry (<c>-Physics</c>).</summary>
public sealed class PhysicsNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters) => ModelRegistry.PhysicsNames;
}
