using DeltaModel.Core.Configuration;

namespace DeltaModel.Application.Tests;

/// <summary>A model from a few choices: the defaults of a file without the keys, and one error per wrong choice.</summary>
public class ModelDefinitionTests
{
    [Fact]
    public void Unset_choices_are_the_defaults_of_a_file_without_the_keys()
    {
        var config = new ModelDefinition { Physics = "hbv" }.ToConfig(dataset: null);

        Assert.Equal(new PhysicsConfig().Components, config.Model.Physics!.Components);
        Assert.Equal(new ModelConfig().Nn.HiddenSize, config.Model.Nn.HiddenSize);
        Assert.Equal(("dhbv", "train", ""), (config.Name, config.Mode, config.Data.Path));
        Assert.Equal(3, new ModelDefinition { Physics = "hbv", Components = 3 }.ToConfig(null).Model.Physics!.Components);
        Assert.Equal("lstm", new ModelDefinition().ToConfig(null).Name);
    }

    [Theory]
    [InlineData("hbx", "lstm", 0, "UnknownPhysicsModel")]
    [InlineData(null, "lstn", 0, "UnknownNeuralNetwork")]
    [InlineData(null, "lstm", 4, "PhysicsRequired")]
    public void A_wrong_choice_is_refused_with_its_reason(string? physics, string network, int components, string reason)
    {
        var definition = new ModelDefinition { Physics = physics, Network = network, Components = components > 0 ? components : null };

        Assert.Equal(reason, Assert.Throws<RunInputException>(() => definition.ToConfig(null)).Reason);
    }

    [Fact]
    public void Values_out_of_range_are_reported_together_with_their_keys()
    {
        var e = Assert.Throws<RunInputException>(() => new ModelDefinition { Loss = "nse_bach", Rho = 0 }.ToConfig(null));

        Assert.Equal("InvalidModelArgument", e.Reason);
        Assert.Contains("nse_bach", e.Message);
        Assert.Contains("model.rho", e.Message);
        Assert.IsType<ModelConfig>(e.Target);
    }
}
