namespace DeltaModel.Core.Configuration;

/// <summary>A config section that checks its own values (ranges, names) after binding.</summary>
public interface IConfigSection
{
    /// <summary>Adds every problem to <paramref name="errors"/>; <paramref name="path"/> is the section's dotted key.</summary>
    void Validate(ConfigErrors errors, string path);
}
