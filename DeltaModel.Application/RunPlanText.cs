using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Application;

/// <summary>The text of <see cref="RunPlan.Describe"/>: what a run would read, train, estimate and write.</summary>
static class RunPlanText
{
    /// <summary>The dynamic parameters of a section: its own, or its chain members'.</summary>
    static IReadOnlyList<string> DynamicOf(PhysicsConfig physics) =>
        physics.Chain is { } chain ? [.. chain.SelectMany(k => k.DynamicParameters)] : physics.DynamicParameters;

    public static string Describe(RunPlan plan)
    {
        var c = plan.Config;
        var m = c.Model;
        var model = m.Physics is { } p
            ? $"{m.Nn.Name}({m.Nn.HiddenSize}) → {p.Describe()} × {p.Components}" +
              (DynamicOf(p) is { Count: > 0 } dynamic ? $", dynamic {string.Join(",", dynamic)}" : "")
            : $"{m.Nn.Name}({m.Nn.HiddenSize}) → {c.Data.Target}";
        var text = new List<string>
        {
            I($"{Verb(plan)} '{c.Name}': {model}"),
            I($"  data:     {plan.Data.Describe()}"),
        };
        // Plain parameter learning and a network alone keep the plan's text as it was; other modes say theirs.
        if (ModelBlueprint.Coupling(c) is var coupling && coupling is not (Models.Composition.CouplingMode.NetworkOnly or "parameter learning"))
            text.Add(I($"  coupling: {coupling}"));
        if (plan.Trains)
        {
            var e = plan.Estimate();
            text.Add(I($"  period:   {c.Train.Period} (warm-up {m.WarmUp} d, rho {m.Rho} d)"));
            text.Add(I($"  training: {c.Train.Epochs} epoch(s) × {e.Iterations} minibatch(es) of {c.Train.BatchSize} basins, loss {c.Train.Loss.Name}, {c.Train.Optimizer.Name}, device {c.Device}"));
            text.Add(I($"  estimate: ~{FormatSeconds(e.SecondsPerEpoch)} per epoch, ~{FormatBytes(e.PeakBytes)} per minibatch (rough, CPU)"));
            if (c.Validation is { } v)
                text.Add(I($"  validate: {(v.HoldsOutBasins ? "held-out basins" : "all basins")} over {v.Period ?? c.Train.Period}, {v.Statistic} {v.Metric} every {v.Every} epoch(s)") +
                         (c.Train.EarlyStopping is { } s ? I($", early stopping after {s.Patience} scoring(s) without improvement > {s.MinDelta}") : ""));
            if (c.Train.LearningRateScheduler is { } lr)
                text.Add(I($"  lr:       {lr.Kind} schedule from {c.Train.Optimizer.LearningRate}"));
        }
        text.AddRange(Members(c));
        if (plan.Evaluation is { } ev)
            text.Add(I($"  {ev.Phase + ":",-9} {ev.Section.Period}, weights of epoch {(ev.Section.Epoch is { } epoch ? epoch.ToString(CultureInfo.InvariantCulture) : c.Validation is null ? "last" : "best (validation)")}"));
        text.Add(I($"  outputs:  {new RunFolder(c.OutputDir).Config}"));
        if (plan.HasMembers)
            text.Add(I($"            {Path.Combine(c.OutputDir, c.Ensemble is null ? RunMember.FoldsFolder : RunMember.EnsembleFolder)}{Path.DirectorySeparatorChar}<member>{Path.DirectorySeparatorChar} (each a run folder: config, model, test, results.json)"));
        else
            text.Add(I($"            {new RunFolder(c.OutputDir).Model}{Path.DirectorySeparatorChar} (last.ckpt, epoch_NNNN.ckpt, normalization.json, training_log.csv, learning_curve.csv{(c.Validation is null ? "" : ", best.ckpt")})"));
        if (plan.Evaluation is { } written)
            text.Add(I($"            {Path.Combine(c.OutputDir, written.Phase)}{Path.DirectorySeparatorChar}"));
        return string.Join(Environment.NewLine, text);
    }

    /// <summary>The lines of <c>ensemble</c>, <c>folds</c> and <c>split</c>: what runs how many times, and on which days.</summary>
    static IEnumerable<string> Members(ExperimentConfig c)
    {
        if (c.Ensemble is { } e)
        {
            var members = e.All;
            yield return I($"  ensemble: {members.Count} members ({string.Join(", ", members.Select(m => m.Name))}) in {Path.Combine(c.OutputDir, RunMember.EnsembleFolder)}{Path.DirectorySeparatorChar}<member>; tested on the mean of every output");
            foreach (var m in members.Where(m => m.Set.Count > 0))
                yield return I($"            {m.Name}: {string.Join(", ", m.Set)}");
        }
        if (c.Folds is { } f)
            yield return I($"  folds:    {f.K}-fold spatial cross-validation over {f.FoldFile(1)} … {FoldsConfig.FilePrefix}{f.K}.txt (seed {f.Seed}); each fold trains on the others, ") +
                         I($"tests its own basins, in {Path.Combine(c.OutputDir, RunMember.FoldsFolder)}{Path.DirectorySeparatorChar}{FoldsConfig.FilePrefix}N; metrics pooled");
        if (c.Split is { } s)
            yield return I($"  split:    {s.Rule}, water years {s.FirstYear}-{s.LastYear} (from {s.WaterYearStartMonth:00}-01): train on years with T ≤ {s.ReturnPeriod}, ") +
                         I($"test on T > {s.ReturnPeriod} (Weibull T = (n + 1) / rank per basin); held-out peaks in peaks.csv");
    }

    static string I(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);

    static string Verb(RunPlan plan) => plan.Config.Mode switch
    {
        "train" => "Train",
        "train_test" => "Train and test",
        "test" => "Test",
        _ => "Simulate",
    };

    static string FormatBytes(long b) => b switch
    {
        < 1L << 20 => FormattableString.Invariant($"{b / 1024.0:F0} KiB"),
        < 1L << 30 => FormattableString.Invariant($"{b / 1048576.0:F0} MiB"),
        _ => FormattableString.Invariant($"{b / 1073741824.0:F1} GiB"),
    };

    static string FormatSeconds(double s) => s switch
    {
        < 1 => "<1 s",
        < 120 => FormattableString.Invariant($"{s:F0} s"),
        < 7200 => FormattableString.Invariant($"{s / 60:F0} min"),
        _ => FormattableString.Invariant($"{s / 3600:F1} h"),
    };
}
