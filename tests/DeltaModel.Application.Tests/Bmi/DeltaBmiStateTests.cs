using DeltaModel.Bmi;

namespace DeltaModel.Application.Tests.Bmi;

/// <summary>
/// State files through the BMI (<c>initial_state</c>, <c>final_state</c>): a BMI run split in two with the state handed
/// over equals the run in one piece; a state the batch simulation wrote starts the BMI where the batch run goes on, and
/// a state the BMI wrote starts the batch simulation (the same <c>.dmstate</c> format both ways); a bad state file
/// fails <c>initialize</c> with one message naming the key, the file and what is wrong.
/// </summary>
[Collection(BmiModelCollection.Name)]
public class DeltaBmiStateTests(BmiModelFixture fixture) : IDisposable
{
    /// <summary>The two engines' float32 sums in other orders (as <see cref="DeltaBmiTests"/>): 1e-4 of the largest streamflow.</summary>
    const double Relative = 1e-4;

    static readonly DateOnly SplitAfter = new(2002, 9, 30);        // the end of the first of the fixture's two water years

    readonly string folder = Directory.CreateTempSubdirectory("deltamodel-bmi-state-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    static double[][] Run(string config, out DeltaBmi bmi, bool finalize = true)
    {
        bmi = new DeltaBmi();
        bmi.Initialize(config);
        int days = (int)(bmi.GetEndTime() / bmi.GetTimeStep()), n = bmi.GetGridSize(0);
        var q = new double[days][];
        for (int t = 0; t < days; t++)
        {
            bmi.Update();
            bmi.GetValue("streamflow", q[t] = new double[n]);
        }
        if (finalize) bmi.FinalizeModel();
        return q;
    }

    [Fact]
    public void A_bmi_run_split_in_two_with_the_state_handed_over_equals_the_run_in_one_piece()
    {
        var state = Path.Combine(folder, "split.dmstate");
        var whole = Run(fixture.OneConfig, out _);
        var first = Run(fixture.DerivedConfig(fixture.OneConfig, "first.yaml", BmiModelFixture.Start, SplitAfter, $"final_state: {state}"), out _);
        Assert.True(File.Exists(state), "finalize wrote no final_state");
        var second = Run(fixture.DerivedConfig(fixture.OneConfig, "second.yaml", SplitAfter.AddDays(1), BmiModelFixture.End, $"initial_state: {state}"), out _);

        Assert.Equal(whole.Length, first.Length + second.Length);
        var joined = first.Concat(second).ToArray();
        for (int t = 0; t < whole.Length; t++)
            Assert.True(whole[t].SequenceEqual(joined[t]), $"day {t}: one piece [{string.Join(", ", whole[t])}], split [{string.Join(", ", joined[t])}]");
    }

    [Fact]
    public void States_go_both_ways_between_the_batch_simulation_and_the_bmi()
    {
        // The batch (TorchSharp) simulation of the first year writes its end state; the BMI goes on from it for the second.
        var batchState = Path.Combine(folder, "batch.dmstate");
        fixture.Simulate($"{{start: {BmiModelFixture.Start:yyyy-MM-dd}, end: {SplitAfter:yyyy-MM-dd}}}", batchState);
        var fromBatch = Run(fixture.DerivedConfig(fixture.OneConfig, "from-batch.yaml", SplitAfter.AddDays(1), BmiModelFixture.End, $"initial_state: {batchState}"), out _);
        for (int b = 0; b < BmiModelFixture.Basins.Length; b++)
            AssertContinues(fixture.Expected[BmiModelFixture.Basins[b]], [.. fromBatch.Select(q => q[b])], $"BMI from the batch state, basin {BmiModelFixture.Basins[b]}");

        // The BMI's first year writes its final state; the batch simulation (simulate.initial_state) goes on from it.
        var bmiState = Path.Combine(folder, "bmi.dmstate");
        Run(fixture.DerivedConfig(fixture.OneConfig, "to-batch.yaml", BmiModelFixture.Start, SplitAfter, $"final_state: {bmiState}"), out _);
        var fromBmi = fixture.Simulate($"{{start: {SplitAfter.AddDays(1):yyyy-MM-dd}, end: {BmiModelFixture.End:yyyy-MM-dd}}}", Path.Combine(folder, "end.dmstate"), bmiState);
        foreach (var basin in BmiModelFixture.Basins) AssertContinues(fixture.Expected[basin], fromBmi[basin], $"batch from the BMI state, basin {basin}");
    }

    /// <summary><paramref name="second"/> equals the second year of the fixture's continuous two-year batch run.</summary>
    static void AssertContinues(double[] continuous, double[] second, string what)
    {
        int offset = continuous.Length - second.Length;
        Assert.Equal(SplitAfter.DayNumber - BmiModelFixture.Start.DayNumber + 1, offset);
        double scale = continuous.Max(Math.Abs), worst = 0;
        for (int t = 0; t < second.Length; t++) worst = Math.Max(worst, Math.Abs(second[t] - continuous[offset + t]));
        Assert.True(worst <= Relative * scale, $"{what}: streamflow differs from the continuous batch run by {worst:E2} mm/d, more than {Relative:E0} × {scale:F3}.");
    }

    [Fact]
    public void A_bad_state_file_fails_initialize_naming_the_key_the_file_and_the_rule()
    {
        var good = Path.Combine(folder, "good.dmstate");
        Run(fixture.DerivedConfig(fixture.ConfigOf(BmiModelFixture.Basins[0]), "one-basin.yaml", BmiModelFixture.Start, BmiModelFixture.Start.AddDays(9), $"final_state: {good}"), out _);
        var next = BmiModelFixture.Start.AddDays(10);
        string Error(string name, string state, string? config = null, DateOnly? start = null)
        {
            var path = fixture.DerivedConfig(config ?? fixture.ConfigOf(BmiModelFixture.Basins[0]), name, start ?? next, BmiModelFixture.End, $"initial_state: {state}");
            var message = Assert.Throws<BmiException>(() => new DeltaBmi().Initialize(path)).Message;
            Assert.Contains($"{name}: initial_state: ", message);
            Assert.Contains(state, message);
            return message;
        }
        string Variant(string name, Func<byte[], byte[]> change)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, change(File.ReadAllBytes(good)));
            return path;
        }

        Assert.Contains("no state for basin '01022500'", Error("other-basin.yaml", good, fixture.ConfigOf(BmiModelFixture.Basins[1])));
        Assert.Contains("needs the state of the day before", Error("other-day.yaml", good, start: next.AddDays(1)));
        Assert.Contains("the file ends inside array", Error("truncated.yaml", Variant("truncated.dmstate", b => b[..^7])));
        Assert.Contains("components (nmul), the model has 2", Error("other-model.yaml", Variant("other-model.dmstate", b =>
        {
            int at = b.AsSpan().IndexOf("\"components\": 2"u8);                // in the JSON header; same length, so the arrays stay in place
            Assert.True(at > 0, "no components in the state header");
            b[at + "\"components\": ".Length] = (byte)'3';
            return b;
        })));
        Assert.Contains("not a DeltaModel state file", Error("not-a-state.yaml", Variant("not-a-state.dmstate", _ => "stores: 1\n"u8.ToArray())));
        Assert.Contains("state file not found", Error("missing.yaml", Path.Combine(folder, "none.dmstate")));
        Assert.Contains("cannot write the state", Assert.Throws<BmiException>(() =>
        {
            var bmi = new DeltaBmi();
            bmi.Initialize(fixture.DerivedConfig(fixture.ConfigOf(BmiModelFixture.Basins[0]), "unwritable.yaml", BmiModelFixture.Start, BmiModelFixture.End,
                $"final_state: {Path.Combine(good, "inside-a-file.dmstate")}"));
            bmi.FinalizeModel();
        }).Message);
    }
}
