using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DeltaModel.PowerShell.Completers;

/// <summary>
/// Completes a parameter from a list of names (a registry's keys, a dataset's basins), case-insensitively by prefix,
/// quoting names that need it. Subclasses only say where the names come from.
/// </summary>
public abstract class NameCompleter : IArgumentCompleter
{
    /// <summary>The candidate names, given what is already bound on the command line.</summary>
    protected abstract IEnumerable<string> Names(IDictionary fakeBoundParameters);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        IEnumerable<string> names;
        try { names = Names(fakeBoundParameters).ToList(); }
        catch (Exception) { yield break; }   // completion must never throw into the user's prompt
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var text = name.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or ',' or ';') ? $"'{name.Replace("'", "''")}'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }

    /// <summary>A bound parameter's value with PowerShell's wrapper removed, or null.</summary>
    protected static object? Bound(IDictionary fakeBoundParameters, string name) =>
        fakeBoundParameters.Contains(name) ? fakeBoundParameters[name] is PSObject ps ? ps.BaseObject : fakeBoundParameters[name] : null;
}
