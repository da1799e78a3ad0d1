namespace DeltaModel.Reporting.Sweeps;

/// <summary>One swept config key (dotted snake_case path, as for <c>deltamodel run --set</c>) and its values.</summary>
public sealed record SweepDimension(string Key, IReadOnlyList<string> Values);
