using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using DeltaModel.Models.States;
using DeltaModel.Tests.Shared;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>
/// The day-by-day run (<see cref="ModelStepper"/>) against the batch run (<see cref="HybridModel.Forward"/>), and a run
/// split in two with its state handed over through a state file against the run in one piece: three CAMELS basins
/// (snow, humid, arid), five water years, one warm-up year.
/// </summary>
public class ModelStepperTests
{
    const int WarmUp = 365;
    static readonly string[] Basins = ["01013500", "03439000", "09386900"];
    static readonly DateOnly FirstDay = new(1999, 10, 1);

    static readonly InputSpec Spec = new(["prcp", "tmean", "pet"], ["p_mean", "aridity"], [], ["prcp", "tmean", "pet"], [], "streamflow");

    static HybridModel Create(string physics, string network = "lstm_mlp", IReadOnlyList<string>? dynamic = null)
    {
        manual_seed(5);
        var model = ModelRegistry.CreatePhysics(physics, new PhysicsOptions
        {
            Components = 2, DynamicParameters = dynamic ?? ["parBETA", "parBETAET"], Routing = true,
        });
        var nn = new NeuralNetworkConfig { Name = network, HiddenSize = 16, Dropout = 0 };
        if (network == "lstm_mlp") nn = nn with { Options = new LstmMlpOptions { MlpHiddenSize = 16, MlpLayers = 2, MlpDropout = 0 } };
        var hybrid = new HybridModel(nn, model, Spec, WarmUp);
        hybrid.Module.eval();
        return hybrid;
    }

    /// <summary>Real forcings in physical units, a z-scored copy for the network, and made-up normalized attributes.</summary>
    static (Tensor Physics, Tensor Network, Tensor Attributes) Inputs()
    {
        var physics = TestData.CamelsForcings(ScalarType.Float32);                           // [T, 3, 3]
        var network = (physics - physics.mean([0, 1], keepdim: true)) / physics.std([0, 1], keepdim: true);
        var attributes = randn(new long[] { Basins.Length, 2 }, generator: new Generator(23));
        return (physics, network, attributes);
    }

    static Dictionary<string, Tensor> Batch(HybridModel model, Tensor physics, Tensor network, Tensor attributes)
    {
        using var noGrad = no_grad();
        using var batch = new ModelBatch                                                    // disposes its tensors: copies
        {
            NetworkForcings = network.clone(), NetworkAttributes = attributes.clone(), PhysicsForcings = physics.clone(),
            PhysicsAttributes = zeros(Basins.Length, 0), Target = zeros(physics.shape[0], Basins.Length),
            Basins = [0, 1, 2], Starts = [0, 0, 0],
        };
        return model.Forward(batch).Series.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());     // each [T − W, B]
    }

    /// <summary>Steps days <c>[from, to)</c>, stacking each series to <c>[to − from, B]</c>.</summary>
    static Dictionary<string, Tensor> Steps(ModelStepper stepper, Tensor physics, Tensor network, long from, long to)
    {
        var days = new List<IReadOnlyDictionary<string, Tensor>>();
        for (long t = from; t < to; t++) days.Add(stepper.Step(network[t], physics[t]));
        return days[0].Keys.ToDictionary(k => k, k => stack([.. days.Select(d => d[k])]));
    }

    static ModelStepper WarmedUp(HybridModel model, Tensor physics, Tensor network, Tensor attributes)
    {
        var stepper = new ModelStepper(model, Basins, attributes);
        stepper.WarmUp(FirstDay, network[..WarmUp], physics[..WarmUp]);
        return stepper;
    }

    [Theory]
    [InlineData("hbv")]          // spin-up without gradient
    [InlineData("hbv_1_1p")]     // warm-up stepped and cropped
    public void Stepping_day_by_day_gives_the_batch_run(string physicsName)
    {
        using var scope = NewDisposeScope();
        using var model = Create(physicsName);
        var (physics, network, attributes) = Inputs();
        long T = physics.shape[0];
        var batch = Batch(model, physics, network, attributes);
        using var stepper = WarmedUp(model, physics, network, attributes);
        Assert.Equal(FirstDay.AddDays(WarmUp - 1), stepper.Date);
        var stepped = Steps(stepper, physics, network, WarmUp, T);
        Assert.Equal(FirstDay.AddDays((int)T - 1), stepper.Date);
        // Two code paths of the same float32 computation: the LSTM over the whole sequence in one call against one
        // call per day (a different gemm blocking), chained over the LSTM's days and the stores' days.
        double tolerance = Tolerance.Relative(ScalarType.Float32, terms: 16, steps: 64);
        foreach (var name in model.Physics.Declarations.OutputNames)
            Tolerance.AssertClose(batch[name], stepped[name], tolerance, $"{physicsName} {name}");
    }

    /// <summary>
    /// The run in one piece writes its state to a file after 1, 400 and 1000 scored days; a new stepper started from
    /// each file runs the next 90 days. (Continuing for 90 days rather than to the end keeps the test short; a state
    /// missing anything — a store, the routing history, the LSTM state — shows within days.)
    /// </summary>
    [Fact]
    public void A_run_split_in_two_with_its_state_handed_over_in_a_file_equals_the_run_in_one_piece()
    {
        const int Continued = 90;
        using var scope = NewDisposeScope();
        using var model = Create("hbv");
        var (physics, network, attributes) = Inputs();
        long T = physics.shape[0];
        var folder = Directory.CreateTempSubdirectory("deltamodel-state-").FullName;
        try
        {
            var splits = new[] { 1, 400, 1000 }.Select(d => (long)WarmUp + d).ToArray();
            using var whole = WarmedUp(model, physics, network, attributes);
            var expected = new List<Dictionary<string, Tensor>>();
            for (long t = WarmUp; t < T; t++)
            {
                if (splits.Contains(t)) ModelStateFile.Write(Path.Combine(folder, $"{t}{ModelStateFile.Extension}"), whole.State, model.Physics);
                expected.Add(whole.Step(network[t], physics[t]).ToDictionary(kv => kv.Key, kv => kv.Value));
            }
            foreach (var split in splits)
            {
                var state = ModelStateFile.Read(Path.Combine(folder, $"{split}{ModelStateFile.Extension}"), model.Physics);
                Assert.Equal(FirstDay.AddDays((int)split - 1), state.Date);
                using var second = new ModelStepper(model, Basins, attributes);
                second.Start(state, FirstDay.AddDays((int)split));
                // The file keeps float32 exactly and the second run continues the same computations: equal, not close.
                for (long t = split; t < split + Continued; t++)
                    foreach (var (name, value) in second.Step(network[t], physics[t]))
                        Assert.True(value.eq(expected[(int)(t - WarmUp)][name]).all().item<bool>(), $"{name} on day {t - split} after the split at {split}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_state_starts_only_the_day_after_its_date()
    {
        using var scope = NewDisposeScope();
        using var model = Create("hbv");
        var (physics, network, attributes) = Inputs();
        using var stepper = WarmedUp(model, physics, network, attributes);
        using var other = new ModelStepper(model, Basins, attributes);
        var error = Assert.Throws<ArgumentException>(() => other.Start(stepper.State, FirstDay.AddDays(WarmUp + 5)));
        Assert.Contains("2000-09-29", error.Message);               // the state's date
        Assert.Contains("2000-10-05", error.Message);               // the day asked for
        using var reordered = new ModelStepper(model, [.. Basins.Reverse()], attributes);
        Assert.Contains("same order", Assert.Throws<ArgumentException>(() => reordered.Start(stepper.State)).Message);
    }

    [Fact]
    public void A_plain_lstm_with_static_parameters_is_refused_with_the_reason()
    {
        using var model = Create("hbv", network: "lstm");
        var error = Assert.Throws<NotSupportedException>(() => new ModelStepper(model, Basins, zeros(Basins.Length, 2)));
        Assert.Contains("§10.15", error.Message);
        Assert.Contains("lstm_mlp", error.Message);
    }

    [Fact]
    public void Stepping_before_a_start_is_refused()
    {
        using var model = Create("hbv");
        using var stepper = new ModelStepper(model, Basins, zeros(Basins.Length, 2));
        Assert.Throws<InvalidOperationException>(() => stepper.Step(zeros(Basins.Length, 3), zeros(Basins.Length, 3)));
        Assert.Throws<InvalidOperationException>(() => stepper.State);
    }
}
