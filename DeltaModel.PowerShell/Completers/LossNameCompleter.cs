using System.Collections;
using DeltaModel.Core.Losses;

namespace DeltaModel.PowerShell.Completers;

/// <summary>Loss names from the loss registry (<c>-Loss</c>).</summary>
public sealed class LossNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters) => LossRegistry.Names;
}
