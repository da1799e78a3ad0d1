using DeltaModel.Bmi;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// <c>deltamodel export-bmi --one-config</c> on a tiny model trained here: one BMI config for both basins (a points grid),
/// and the state the BMI writes at finalize starting <c>deltamodel simulate --initial-state</c> on the next day.
/// </summary>
[Collection("Sequential")]
public sealed class ExportBmiCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-export-bmi-").FullName;
    static string Sample => Path.Combine(CliHarness.RepoRoot, "data", "camels-sample");
    static readonly string[] Basins = ["01013500", "01022500"];

    public void Dispose() => Directory.Delete(root, recursive: true);

    string TrainTinyModel()
    {
        var experiment = Path.Combine(root, "experiment.yaml");
        File.WriteAllText(experiment, $$"""
            name: export-bmi
            mode: train
            data: {format: camels, path: {{Sample.Replace('\\', '/')}}, forcing_source: nldas, pet: oudin, basins: ["{{Basins[0]}}", "{{Basins[1]}}"]}
            model:
              warm_up: 60
              rho: 60
              nn: {name: lstm_mlp, hidden_size: 8, mlp_hidden_size: 8, mlp_layers: 2, forcings: [prcp, tmean, pet], log_norm: [prcp], attributes: [p_mean, aridity]}
              physics: {name: hbv, nmul: 2, dynamic_parameters: [parBETA, parBETAET]}
            train: {period: {start: 2000-10-01, end: 2001-09-30}, epochs: 1, batch_size: 2, iterations_per_epoch: 1}
            """);
        var (code, output, error) = CliHarness.Invoke("run", experiment);
        Assert.True(code == 0, error + output);
        return Path.Combine(root, "out");
    }

    [Fact]
    public void One_config_runs_both_basins_in_one_instance_and_its_final_state_starts_simulate()
    {
        var model = TrainTinyModel();
        var deploy = Path.Combine(root, "deploy");
        var (code, output, error) = CliHarness.Invoke("export-bmi", model, "--out", deploy, "--data", Sample, "--basin", Basins[0], "--basin", Basins[1],
            "--start", "2001-10-01", "--end", "2001-12-31", "--one-config");
        Assert.True(code == 0, error + output);
        var config = Path.Combine(deploy, "bmi_basins.yaml");
        Assert.True(File.Exists(config), output);
        Assert.False(File.Exists(Path.Combine(deploy, $"bmi_{Basins[0]}.yaml")));   // one config instead of one per basin

        var state = Path.Combine(root, "bmi_end.dmstate");
        File.AppendAllText(config, $"final_state: {state}\n");
        var bmi = new DeltaBmi();
        bmi.Initialize(config);
        Assert.Equal(("points", 2), (bmi.GetGridType(0), bmi.GetGridSize(0)));
        bmi.UpdateUntil(bmi.GetEndTime());
        bmi.FinalizeModel();
        Assert.True(File.Exists(state));

        var sim = Path.Combine(root, "sim");
        (code, output, error) = CliHarness.Invoke("simulate", "--model", model, "--data", Sample, "--basins", string.Join(',', Basins),
            "--period", "2002-01-01..2002-03-31", "--initial-state", state, "--out", sim);
        Assert.True(code == 0, error + output);
        Assert.True(File.Exists(Path.Combine(sim, "simulation.csv")));

        // A state of the wrong day is refused by simulate with the rule, as the BMI refuses one.
        (code, _, error) = CliHarness.Invoke("simulate", "--model", model, "--data", Sample, "--basins", string.Join(',', Basins),
            "--period", "2002-01-02..2002-03-31", "--initial-state", state, "--out", Path.Combine(root, "sim2"));
        Assert.Equal(2, code);
        Assert.Contains("2001-12-31", error);
    }
}
