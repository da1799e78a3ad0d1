namespace DeltaModel.HelpGen;

/// <summary>Everything Get-Help shows for one cmdlet, gathered before any MAML is written.</summary>
public sealed record CommandHelp(
    string Verb,
    string Noun,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxHelp> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<ExampleHelp> Examples)
{
    public string Name => $"{Verb}-{Noun}";
}

/// <summary>One parameter set as a syntax line: its parameters in the order the engine lists them.</summary>
public sealed record SyntaxHelp(string ParameterSet, IReadOnlyList<ParameterHelp> Parameters);

/// <summary>One parameter as it binds in one parameter set.</summary>
/// <param name="Position">Zero-based position, or null when named only.</param>
/// <param name="Pipeline">Get-Help's pipeline text: False, True (ByValue), True (ByPropertyName) or both.</param>
/// <param name="DefaultValue">The value the cmdlet starts with, as text; "None" when unset.</param>
public sealed record ParameterHelp(
    string Name,
    string TypeName,
    bool IsSwitch,
    bool Required,
    int? Position,
    string Pipeline,
    bool Globbing,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    string DefaultValue,
    string Description);

/// <summary>A type piped in or written out, with what it means for this cmdlet.</summary>
public sealed record TypeHelp(string TypeName, string Description);

/// <summary>A runnable example and a short remark on what it does.</summary>
public sealed record ExampleHelp(string Code, IReadOnlyList<string> Remarks);
