using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Tests.Configuration;

public sealed partial class ExperimentConfigTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("config-").FullName;

    public ExperimentConfigTests() => Directory.CreateDirectory(Path.Combine(dir, "data"));

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Write(string yaml)
    {
        var path = Path.Combine(dir, "experiment.yaml");
        File.WriteAllText(path, yaml.Replace("\r\n", "\n"));
        return path;
    }

    const string Minimal = """
        data:
          path: data
        train:
          period: {start: 1995-10-01, end: 2005-09-30}
        test:
          period: {start: 2005-10-01, end: 2013-09-30}
        """;

    [Fact]
    public void Load_Minimal_FillsDefaultsAndResolvesPathsRelativeToFile()
    {
        var c = ExperimentConfig.Load(Write(Minimal));
        Assert.Equal(Path.GetFileName(dir), c.Name);
        Assert.Equal(Path.Combine(dir, "data"), c.Data.Path);
        Assert.Equal(Path.Combine(dir, "out"), c.OutputDir);
        Assert.Equal("train_test", c.Mode);
        Assert.Equal(365, c.Model.WarmUp);
        Assert.Equal(new DateOnly(1995, 10, 1), c.Train.Period!.Start);
        Assert.Equal(3653, c.Train.Period.Days);
        Assert.Null(c.Model.Physics);
    }

    [Fact]
    public void Load_MisspeltKey_ReportsLineAndSuggestion()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            model:
              nn:
                hiden_size: 64
            """)));
        Assert.Single(e.Problems);
        Assert.Contains("experiment.yaml:9:", e.Message);
        Assert.Contains("unknown key 'model.nn.hiden_size'", e.Message);
        Assert.Contains("did you mean 'hidden_size'", e.Message);
    }

    [Fact]
    public void Load_SeveralProblems_AreAllReportedWithTheirLines()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            mode: fit
            train:
              epochs: many
            """)));
        // 'train' appears twice in the file: YAML itself rejects duplicate keys.
        Assert.Contains("experiment.yaml", e.Message);

        var e2 = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write("""
            mode: fit
            data:
              path: data
            train:
              epochs: many
              batch_size: 0
            """)));
        Assert.True(e2.Problems.Count == 3, string.Join("\n", e2.Problems));
        Assert.Contains(e2.Problems, p => p.Contains(":1:") && p.Contains("'mode'") && p.Contains("fit"));
        Assert.Contains(e2.Problems, p => p.Contains(":5:") && p.Contains("'train.epochs': expected an integer") && p.Contains("'many'"));
        Assert.Contains(e2.Problems, p => p.Contains(":6:") && p.Contains("'train.batch_size': expected an integer ≥ 1"));
    }

    [Fact]
    public void Load_NetworkPrecision_AcceptsBfloat16AndNamesTheKeyOfAnyOtherValue()
    {
        var ok = ExperimentConfig.Load(Write(Minimal + """

            simulate:
              period: {start: 2005-10-01, end: 2013-09-30}
              network_precision: bfloat16
            """));
        Assert.Equal("float32", ok.Test.NetworkPrecision);
        Assert.Equal("bfloat16", ok.Simulate.NetworkPrecision);

        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal.Replace(
            "test:\n  period: {start: 2005-10-01, end: 2013-09-30}",
            "test:\n  period: {start: 2005-10-01, end: 2013-09-30}\n  network_precision: half"))));
        Assert.Contains(e.Problems, p => p.Contains(":7:") && p.Contains("'test.network_precision': expected float32 or bfloat16") && p.Contains("'half'"));
    }

    [Fact]
    public void Train_network_precision_defaults_to_float32_and_is_checked_with_its_line()
    {
        Assert.Equal("float32", ExperimentConfig.Load(Write(Minimal)).Train.NetworkPrecision);
        var ok = ExperimentConfig.Load(Write(Minimal.Replace("train:\n", "train:\n  network_precision: bfloat16\n")));
        Assert.Equal("bfloat16", ok.Train.NetworkPrecision);

        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal.Replace("train:\n", "train:\n  network_precision: float16\n"))));
        Assert.Contains(e.Problems, p => p.Contains(":4:") && p.Contains("'train.network_precision': expected float32 or bfloat16") && p.Contains("'float16'"));
    }

    [Fact]
    public void NetworkPrecisions_EachMapToTheirOwnTensorType()
    {
        var types = EvaluationConfig.NetworkPrecisions.Select(DeltaModel.Core.Training.Trainer.NetworkDType).ToList();
        Assert.Equal(EvaluationConfig.NetworkPrecisions.Count, types.Distinct().Count());
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, DeltaModel.Core.Training.Trainer.NetworkDType(new EvaluationConfig().NetworkPrecision));
        Assert.Throws<ArgumentException>(() => DeltaModel.Core.Training.Trainer.NetworkDType("half"));
    }

    [Fact]
    public void Load_MissingRequiredKey_NamesIt()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write("mode: train\n")));
        Assert.Contains(e.Problems, p => p.Contains("missing required key 'data'"));
    }

    [Fact]
    public void Load_MissingDataFolder_NamesTheResolvedPath()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal.Replace("path: data", "path: nowhere"))));
        Assert.Contains(Path.Combine(dir, "nowhere"), e.Message);
        Assert.Contains(":2:", e.Message);
    }

    [Fact]
    public void Load_DmgAliases_AreAccepted()
    {
        var c = ExperimentConfig.Load(Write(Minimal + """

            model:
              nn: {use_log_norm: [prcp]}
              physics:
                name: hbv
                dynamic_params: [parBETA, parBETAET]
                warm_up_states: false
            """));
        Assert.Equal(new[] { "parBETA", "parBETAET" }, c.Model.Physics!.DynamicParameters);
        Assert.Equal(new[] { "prcp" }, c.Model.Nn.LogNorm);
        Assert.False(c.Model.Physics.WarmUpWithoutGradient);
        Assert.Equal(16, c.Model.Physics.Components);
    }

    [Fact]
    public void Load_ExpectedAsSingleMapping_BecomesAListOfOne()
    {
        var c = ExperimentConfig.Load(Write(Minimal + """

            expected: {metric: nse, statistic: median, value: 0.73, tolerance: 0.02, source: "Feng et al. 2022"}
            """));
        var x = Assert.Single(c.Expected);
        Assert.Equal(0.73, x.Value);
        Assert.Equal("Feng et al. 2022", x.Source);
    }

    [Fact]
    public void Load_NotYaml_ReportsLine()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write("data:\n  path: [unclosed\n")));
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void Overrides_ApplyBeforeValidation()
    {
        var c = ExperimentConfig.Load(Write(Minimal), x => x with { Mode = "test", Train = x.Train with { Epochs = 3 } });
        Assert.Equal("test", c.Mode);
        Assert.Equal(3, c.Train.Epochs);
        Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal), x => x with { Mode = "bogus" }));
    }

    [Fact]
    public void ToYaml_RoundTripsThroughTheBinder()
    {
        var c = ExperimentConfig.Load(Write(Minimal + "\nmodel: {physics: {name: hbv, nmul: 4}}\n"));
        var again = ExperimentConfig.Load(Write(c.ToYaml()));
        Assert.Equal(c.ToYaml(), again.ToYaml());
        Assert.Equal(4, again.Model.Physics!.Components);
        Assert.Equal(c.Train.Period, again.Train.Period);
    }

    /// <summary>A plug-in's keys as a registry would declare them (Core knows no real network).</summary>
    public sealed record WideKeys : IPluginConfig<NeuralNetworkConfig>
    {
        public int Width { get; init; } = 4;

        public void Validate(NeuralNetworkConfig section, ConfigErrors errors, string path)
        {
            if (Width < 1) errors.Expected($"{path}.width", "an integer ≥ 1", Width);
        }
    }

    static readonly ConfigPlugins Plugins = new ConfigPlugins().Add<NeuralNetworkConfig, WideKeys>("wide");

    [Fact]
    public void Load_PluginKeys_BindToThePluginsRecord_DefaultsWhenAbsent_AndWriteBackAtTheSectionLevel()
    {
        var c = ExperimentConfig.Load(Write(Minimal + "\nmodel: {nn: {name: wide, width: 9}}\n"), plugins: Plugins);
        Assert.Equal(new WideKeys { Width = 9 }, c.Model.Nn.Options);
        Assert.Contains("width: 9", c.ToYaml());
        Assert.Equal(c.ToYaml(), ExperimentConfig.Load(Write(c.ToYaml()), plugins: Plugins).ToYaml());

        var absent = ExperimentConfig.Load(Write(Minimal + "\nmodel: {nn: {name: wide}}\n"), plugins: Plugins);
        Assert.Equal(new WideKeys(), absent.Model.Nn.Options);
        Assert.Null(ExperimentConfig.Load(Write(Minimal), plugins: Plugins).Model.Nn.Options);
    }

    [Fact]
    public void Load_PluginKeyOnAnotherPlugin_IsAnErrorNamingKeyLineAndOwner()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            model:
              nn:
                name: lstm
                width: 9
            """), plugins: Plugins));
        Assert.Single(e.Problems);
        Assert.Contains("experiment.yaml:10:", e.Message);
        Assert.Contains("'model.nn.width' applies to name 'wide' only", e.Message);
    }

    [Fact]
    public void Load_PluginKeys_MisspeltOrOutOfRange_AreReportedAtLoadWithLines()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            model:
              nn:
                name: wide
                widht: 9
            """), plugins: Plugins));
        Assert.Contains("experiment.yaml:10:", e.Message);
        Assert.Contains("did you mean 'width'", e.Message);

        var range = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            model:
              nn:
                name: wide
                width: 0
            """), plugins: Plugins));
        Assert.Contains("experiment.yaml:10: 'model.nn.width': expected an integer ≥ 1", range.Message);
    }

    [Fact]
    public void Load_PhysicsKeyOutOfRange_IsReportedAtLoadWithItsLine()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            model:
              physics:
                name: hbv
                nmul: 0
            """)));
        Assert.Contains("experiment.yaml:10: 'model.physics.nmul': expected an integer ≥ 1", e.Message);
    }

    [Fact]
    public void OneDefaultPerKey_AFileWithoutTheKeyAndARecordBuiltInCodeAgree()
    {
        // Compared as written YAML: every key with its value (lists and maps are compared by content).
        var c = ExperimentConfig.Load(Write(Minimal + "\nmodel: {physics: {name: hbv}}\n"));
        Assert.Equal(YamlBinder.Write(new PhysicsConfig()), YamlBinder.Write(c.Model.Physics!));
        Assert.Equal(16, c.Model.Physics!.Components);
        Assert.Equal(YamlBinder.Write(new TrainConfig { Period = c.Train.Period }), YamlBinder.Write(c.Train));
        Assert.Equal(new LossConfig(), c.Train.Loss);
        Assert.Equal(YamlBinder.Write(new ModelConfig { Physics = new PhysicsConfig() }), YamlBinder.Write(c.Model));
    }

    [Fact]
    public void Settings_OverrideAndAddKeys_AndAreValidatedLikeTheFile()
    {
        var c = ExperimentConfig.Load(Write(Minimal), settings: [("train.epochs", "7"), ("model.physics.dynamic_parameters", "[parBETA]")]);
        Assert.Equal(7, c.Train.Epochs);
        Assert.Equal(new[] { "parBETA" }, c.Model.Physics!.DynamicParameters);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal), settings: [("train.epohcs", "7")]));
        Assert.Contains("did you mean 'epochs'", e.Message);
    }

    // outputs.formats and data.variables (bring your own data)

    [Fact]
    public void Outputs_DefaultToCsvAndParquet_AndDataVariablesToNoMap()
    {
        var c = ExperimentConfig.Load(Write(Minimal));
        Assert.Equal(["csv", "parquet"], c.Outputs.Formats);
        Assert.Empty(c.Data.Variables);
    }

    [Fact]
    public void OutputFormats_AnyCombination_AndTheColumnMap_Bind()
    {
        var c = ExperimentConfig.Load(Write(Minimal.Replace("  path: data", "  path: data\n  variables: {prcp: precip, streamflow: Q_mm}") +
                                            "\noutputs:\n  formats: [netcdf, csv]\n"));
        Assert.Equal(["netcdf", "csv"], c.Outputs.Formats);
        Assert.Equal("precip", c.Data.Variables["prcp"]);
        Assert.Equal("Q_mm", c.Data.Variables["streamflow"]);
    }

    [Fact]
    public void AnUnknownOutputFormat_IsAnErrorNamingTheKeyAndTheChoices()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + "\noutputs:\n  formats: [csv, netcdf4]\n")));
        Assert.Contains("outputs.formats", e.Message);
        Assert.Contains("csv, parquet, netcdf", e.Message);
        Assert.Contains("netcdf4", e.Message);
    }
}
