namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>outputs</c>: which files a test or simulation writes beside its metrics.</summary>
public sealed record OutputsConfig : IConfigSection
{
    /// <summary>The accepted values of <see cref="Formats"/>.</summary>
    public static readonly IReadOnlyList<string> KnownFormats = ["csv", "parquet", "netcdf"];

    /// <summary>
    /// Files for the simulated series, any combination: <c>csv</c> (<c>simulation.csv</c> and <c>scalars.csv</c>),
    /// <c>parquet</c> (<c>simulation.parquet</c>), <c>netcdf</c> (<c>simulation.nc</c>, CF-1.8 with station
    /// coordinates and discharge in m3 s-1). Default: csv and parquet, as before the key existed.
    /// </summary>
    public IReadOnlyList<string> Formats { get; init; } = ["csv", "parquet"];

    public void Validate(ConfigErrors errors, string path)
    {
        foreach (var format in Formats)
            if (!KnownFormats.Contains(format)) errors.Expected($"{path}.formats", $"a list of {string.Join(", ", KnownFormats)}", format);
        if (Formats.Count == 0) errors.Expected($"{path}.formats", $"at least one of {string.Join(", ", KnownFormats)}", "[]");
        if (Formats.Distinct().Count() != Formats.Count) errors.Add($"{path}.formats", $"'{path}.formats' lists a format twice: [{string.Join(", ", Formats)}].");
    }
}
