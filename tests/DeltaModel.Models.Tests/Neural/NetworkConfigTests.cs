using DeltaModel.Core.Configuration;
using DeltaModel.Models.Neural;
using Xunit;

namespace DeltaModel.Models.Tests.Neural;

/// <summary>Network- and model-specific keys: bound and checked by their registry entry when the file loads.</summary>
public sealed class NetworkConfigTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("nn-config-").FullName;

    public NetworkConfigTests() => Directory.CreateDirectory(Path.Combine(dir, "data"));

    public void Dispose() => Directory.Delete(dir, recursive: true);

    const string Minimal = """
        data:
          path: data
        train:
          period: {start: 1995-10-01, end: 2005-09-30}
        test:
          period: {start: 2005-10-01, end: 2013-09-30}
        """;

    ExperimentConfig Load(string yaml)
    {
        var path = Path.Combine(dir, "experiment.yaml");
        File.WriteAllText(path, (Minimal + "\n" + yaml).Replace("\r\n", "\n"));
        return ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins);
    }

    [Fact]
    public void LstmMlpKeys_BindAndValidate()
    {
        var c = Load("""
            model:
              nn: {name: lstm_mlp, attributes: [p_mean], mlp_hidden_size: 64, mlp_layers: 3, mlp_dropout: 0.1}
              physics: {name: hbv_2_0, options: {area_attribute: area}}
            """);
        Assert.Equal(new LstmMlpOptions { MlpHiddenSize = 64, MlpLayers = 3, MlpDropout = 0.1 }, c.Model.Nn.Options);
        Assert.Equal("area", c.Model.Physics!.Extra["area_attribute"]);

        var e = Assert.Throws<ConfigException>(() => Load("""
            model:
              nn: {name: lstm_mlp, mlp_layers: 0, mlp_dropout: 1}
            """));
        Assert.Contains("mlp_layers", e.Message);
        Assert.Contains("mlp_dropout", e.Message);
        Assert.Contains("model.nn.attributes", e.Message);
    }

    [Fact]
    public void LstmMlpKeys_OneDefault_AFileWithoutThemAndCodeGetTheSameNetwork()
    {
        var fromFile = Load("model: {nn: {name: lstm_mlp, attributes: [p_mean]}}").Model.Nn;
        var inCode = NetworkRegistry.WithOwnKeys(new NeuralNetworkConfig { Name = "lstm_mlp", Attributes = ["p_mean"] });
        Assert.Equal(new LstmMlpOptions(), fromFile.Options);
        Assert.Equal(fromFile.Options, inCode.Options);
        Assert.Equal((256, 7, 0.5), (new LstmMlpOptions().MlpHiddenSize, new LstmMlpOptions().MlpLayers, new LstmMlpOptions().MlpDropout));

        var layout = new NetworkLayout(5, 4, 2, [true, false, false, false]);
        var a = NetworkRegistry.Create(fromFile, layout).Module.parameters().Select(p => p.shape).ToList();
        var b = NetworkRegistry.Create(new NeuralNetworkConfig { Name = "lstm_mlp", Attributes = ["p_mean"] }, layout).Module.parameters().Select(p => p.shape).ToList();
        Assert.Equal(a, b);
    }

    [Fact]
    public void NetworkKeyOnTheWrongNetwork_IsAnErrorNamingKeyAndLine()
    {
        var e = Assert.Throws<ConfigException>(() => Load("""
            model:
              nn:
                name: lstm
                mlp_layers: 3
            """));
        Assert.Single(e.Problems);
        Assert.Contains("experiment.yaml:10:", e.Message);
        Assert.Contains("'model.nn.mlp_layers' applies to name 'lstm_mlp' only; this section's name is 'lstm'.", e.Message);
    }

    [Fact]
    public void MisspeltNetworkKey_SuggestsTheNetworksOwnKey()
    {
        var e = Assert.Throws<ConfigException>(() => Load("""
            model:
              nn:
                name: lstm_mlp
                attributes: [p_mean]
                mlp_layer: 3
            """));
        Assert.Contains("experiment.yaml:11:", e.Message);
        Assert.Contains("did you mean 'mlp_layers'", e.Message);
    }

    [Fact]
    public void PhysicsRegistryChecks_RunAtLoad_WithTheKeysLine()
    {
        var unknown = Assert.Throws<ConfigException>(() => Load("""
            model:
              physics:
                name: hbv_11p
            """));
        Assert.Contains("experiment.yaml:9: 'model.physics.name': unknown physics model 'hbv_11p'", unknown.Message);
        Assert.Contains("did you mean 'hbv_1_1p'", unknown.Message);

        var option = Assert.Throws<ConfigException>(() => Load("""
            model:
              physics:
                name: hbv_edu
                options: {pet_correction: perhaps}
            """));
        Assert.Contains("experiment.yaml:8: 'model.physics':", option.Message);
        Assert.Contains("pet_correction", option.Message);

        var forcing = Assert.Throws<ConfigException>(() => Load("""
            model:
              physics:
                name: hbv
                forcing_map: {snow: swe}
            """));
        Assert.Contains("experiment.yaml:10: 'model.physics.forcing_map' maps 'snow'", forcing.Message);
    }
}
