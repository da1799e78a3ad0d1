using DeltaModel.Core.Configuration;
using DeltaModel.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Training;

/// <summary>Each schedule's learning rates against its closed form written out, and against torch's own scheduler stepped once per epoch.</summary>
public sealed class LearningRateScheduleTests
{
    static double[] Rates(LearningRateSchedulerConfig config, double lr, int epochs) =>
        Enumerable.Range(1, epochs).Select(new LearningRateSchedule(config, lr).At).ToArray();

    [Fact]
    public void Step_HalvesEveryStepSizeEpochs()
    {
        var rates = Rates(new() { Name = "step", StepSize = 2, Gamma = 0.5 }, 1.0, 7);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125], rates);
    }

    [Fact]
    public void Exponential_MultipliesByGammaEachEpoch()
    {
        var rates = Rates(new() { Name = "ExponentialLR", Gamma = 0.9 }, 0.1, 5);
        for (int k = 0; k < 5; k++) Assert.Equal(0.1 * Math.Pow(0.9, k), rates[k], 15);
    }

    [Fact]
    public void Cosine_FallsFromLrToEtaMinOverTMax()
    {
        var rates = Rates(new() { Name = "cosine", TMax = 4, EtaMin = 0.1 }, 1.1, 5);
        double[] expected = [1.1, 0.1 + 0.5 * (1 + Math.Sqrt(0.5)), 0.6, 0.1 + 0.5 * (1 - Math.Sqrt(0.5)), 0.1];
        for (int k = 0; k < 5; k++) Assert.Equal(expected[k], rates[k], 12);
    }

    public static TheoryData<string> Schedules => new() { "step", "exponential", "cosine" };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void EachSchedule_MatchesTorchsSchedulerSteppedOncePerEpoch(string name)
    {
        var config = new LearningRateSchedulerConfig { Name = name, StepSize = 3, Gamma = 0.7, TMax = 6, EtaMin = 0.05 };
        const double lr = 0.8;
        using var weight = nn.Parameter(zeros(2));
        var optimizer = optim.SGD([weight], lr);
        optim.lr_scheduler.LRScheduler scheduler = name switch
        {
            "step" => optim.lr_scheduler.StepLR(optimizer, 3, 0.7),
            "exponential" => optim.lr_scheduler.ExponentialLR(optimizer, 0.7),
            _ => optim.lr_scheduler.CosineAnnealingLR(optimizer, 6, 0.05),
        };
        var ours = Rates(config, lr, 6);   // within t_max: torch's recursive cosine equals the closed form there
        for (int epoch = 1; epoch <= 6; epoch++)
        {
            Assert.Equal(optimizer.ParamGroups.First().LearningRate, ours[epoch - 1], 12);
            scheduler.step();
        }
    }
}
