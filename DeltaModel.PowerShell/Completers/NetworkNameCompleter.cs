using System.Collections;
using DeltaModel.Models.Neural;

namespace DeltaModel.PowerShell.Completers;

/// <summary>Network names from the network registry (<c>-NeuralNetwork</c>).</summary>
public sealed class NetworkNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters) => NetworkRegistry.Names;
}
