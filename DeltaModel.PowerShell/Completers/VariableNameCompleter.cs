using System.Collections;
using DeltaModel.Core.Data;

namespace DeltaModel.PowerShell.Completers;

/// <summary>
/// Dynamic variable names (<c>-Variable</c>, <c>-Forcing</c>): those of the dataset bound to <c>-Dataset</c>, else the
/// names the CAMELS and Caravan loaders produce.
/// </summary>
public sealed class VariableNameCompleter : NameCompleter
{
    /// <summary>Variables the loaders can produce (docs/data.md).</summary>
    static readonly string[] LoaderVariables = ["prcp", "tmax", "tmin", "tmean", "srad", "vp", "dayl", "pet", "streamflow"];

    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters) =>
        Bound(fakeBoundParameters, "Dataset") is HydroDataset dataset ? dataset.Dynamic.Keys : LoaderVariables;
}
