namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>train.optimizer</c>.</summary>
public sealed record OptimizerConfig : IConfigSection
{
    /// <summary><c>adadelta</c> (δMG default) or <c>adam</c>.</summary>
    public string Name { get; init; } = "adadelta";

    /// <summary>Learning rate. Range: &gt; 0. δMG: 1.0 with Adadelta.</summary>
    [ConfigKey("lr", "learning_rate")]
    public double LearningRate { get; init; } = 1.0;

    public void Validate(ConfigErrors errors, string path)
    {
        var name = Name.ToLowerInvariant();
        if (name is not ("adadelta" or "adam")) errors.Expected($"{path}.name", "adadelta or adam", Name);
        if (LearningRate <= 0) errors.Expected($"{path}.lr", "a number > 0", LearningRate);
    }
}
