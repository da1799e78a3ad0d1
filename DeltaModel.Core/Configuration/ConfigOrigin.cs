namespace DeltaModel.Core.Configuration;

/// <summary>Who wrote a config file, which decides how strictly <see cref="YamlBinder"/> reads it.</summary>
public enum ConfigOrigin
{
    /// <summary>A person (an experiment file): every key must be known and every value valid.</summary>
    UserFile,

    /// <summary>
    /// A run (<c>config.resolved.yaml</c> beside a trained model), possibly written by an earlier version, which a
    /// trained model must keep loading with. Two allowances, both for what earlier versions wrote and nothing a person
    /// would: <c>null</c> on a key that has a default means that default (the loss constants were once optional), and a
    /// key of another plug-in of the section is ignored (every network's keys were once written, e.g. <c>mlp_*</c> for
    /// an <c>lstm</c>, where they had no effect). Unknown keys and invalid values are still errors.
    /// </summary>
    SavedRun,
}
