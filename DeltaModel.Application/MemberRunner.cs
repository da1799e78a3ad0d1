using System.Diagnostics;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using DeltaModel.Models;

namespace DeltaModel.Application;

/// <summary>
/// Runs an experiment made of several runs — an <c>ensemble</c> or k <c>folds</c> — on data loaded once: each member
/// trains and tests in its own folder (its own config.resolved.yaml, checkpoints and results.json, so it resumes on
/// its own), then the experiment's test is combined: the member mean of every output, scored (ensemble), or the
/// held-out basins of all folds pooled in one table (folds). <see cref="ExperimentRunner"/> hands such plans here.
/// <see cref="RunPlan.Members"/> may limit a run to one member (no combination) or to the combination of members that
/// finished in runs of their own (Experiments.proj's Slurm array tasks), through the same loop. A member that finished
/// elsewhere and came back as shipped weights (<see cref="ShippedMember"/>) is tested without training.
/// </summary>
internal sealed class MemberRunner(RunPlan plan, IProgress<TrainingProgress>? progress, Action<string> log)
{
    public ExperimentResult Run(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var config = plan.Config;
        Directory.CreateDirectory(config.OutputDir);
        ModelFolder.WriteConfig(config);
        Denormals.Flush(true);                // as ModelRun.Start: the data are read under the run's float settings
        var dataset = plan.LoadData(log);
        var members = config.Folds is { } folds
            ? RunMember.Folds(config, BasinFolds.Read(folds, dataset.Basins))
            : RunMember.Ensemble(config, ModelRegistry.ConfigPlugins);
        if (plan.Members.Member is { } only) members = [members.Single(m => m.Name == only)];   // checked by RunPlan.WithMembers
        if (plan.Members.CombineOnly) EnsureFinished(members);

        var done = new List<MemberRun>();
        var evaluations = new List<EvaluationResult>();
        var mean = config.Ensemble is null ? null : new EnsembleMean();
        string? target = null;
        foreach (var member in members)
        {
            log($"member {member.Name} ({done.Count + 1}/{members.Count}): {Describe(member)}, outputs in {member.Config.OutputDir}");
            var memberClock = Stopwatch.StartNew();
            Directory.CreateDirectory(member.Config.OutputDir);
            AtomicFile.RemoveStale(member.Config.OutputDir);
            ModelFolder.WriteConfig(member.Config);
            using var run = new ModelRun(plan.ForMember(member.Config), progress, log);
            var shipped = plan.Trains && !plan.Fresh ? ShippedMember.FinishedTraining(member.Config) : null;
            if (shipped is not null)
                log($"member {member.Name}: finished elsewhere (shipped weights of epoch {shipped.SelectedEpoch}); tested, not trained again");
            var training = shipped ?? (plan.Trains ? run.Train(Select(dataset, member.TrainBasins), cancel) : null);
            if (training?.Cancelled == true)
                return new ExperimentResult(config.OutputDir, training, null, [], clock.Elapsed) { Members = done };
            var evaluated = plan.Evaluation is { } e
                ? run.Evaluate(Select(dataset, member.TestBasins), e.Section.Period!, e.Phase, e.Scored, e.Section.Epoch, cancel)
                : null;
            target ??= run.Model?.TargetOutput;
            var result = new ExperimentResult(member.Config.OutputDir, training, evaluated, [], memberClock.Elapsed);
            ResultsFile.Write(new RunFolder(member.Config.OutputDir).Results, member.Config, result);
            if (evaluated is not null)
            {
                if (evaluated.Output is { } output) mean?.Add(output);
                evaluations.Add(evaluated);
            }
            // A member run alone (an array task) ends with its own results.json; the combining run writes the experiment's.
            if (plan.Members.Member is not null) return result with { Evaluation = evaluated is null ? null : evaluated with { Output = null, Observed = null } };
            // The member's outputs are in its folder and in the running mean: not kept in memory.
            done.Add(new MemberRun(member.Name, member.Config, result with { Evaluation = evaluated is null ? null : evaluated with { Output = null, Observed = null } }));
        }

        EvaluationResult? combined = plan.Evaluation is { } phase && evaluations.Count > 0
            ? mean is not null ? EnsembleEvaluation(mean, evaluations, dataset, phase.Phase, phase.Scored, target!) : PooledFolds(evaluations, phase.Phase)
            : null;
        var checks = combined?.Metrics is { } metrics ? ExpectedResults.Check(config.Expected, metrics) : [];
        var all = new ExperimentResult(config.OutputDir, null, combined, checks, clock.Elapsed)
        {
            Members = done,
            Combination = mean is not null ? RunResults.EnsembleMean : RunResults.PooledFolds,
        };
        ResultsFile.Write(new RunFolder(config.OutputDir).Results, config, all);
        return all;
    }

    /// <summary>
    /// Combining only (<see cref="MemberScope.CombineOnly"/>): every member must have finished in a run of its own (its
    /// results.json, written last), so this run resumes each finished training (no epoch left to train) and evaluates
    /// it again — the outputs a single process keeps in memory — instead of training a member that failed or never ran.
    /// </summary>
    static void EnsureFinished(IReadOnlyList<RunMember> members)
    {
        var missing = members.Where(m => !File.Exists(new RunFolder(m.Config.OutputDir).Results)).ToList();
        if (missing.Count > 0)
            throw new RunInputException("MembersNotFinished",
                $"--combine: member(s) {string.Join(", ", missing.Select(m => m.Name))} have not finished (no {new RunFolder(missing[0].Config.OutputDir).Results}); " +
                $"run each first with --member {missing[0].Name} (or without --combine to run them all here).");
    }

    static string Describe(RunMember m) =>
        m.TrainBasins is null ? $"seed {m.Config.Seed}" : $"train on {m.TrainBasins.Count} basins, test on {m.TestBasins!.Count} held-out basins";

    static HydroDataset Select(HydroDataset dataset, IReadOnlyList<string>? basins) => basins is null ? dataset : dataset.SelectBasins(basins);

    /// <summary>The members' mean written and scored in the experiment's own phase folder, as a single run's would be.</summary>
    EvaluationResult EnsembleEvaluation(EnsembleMean mean, List<EvaluationResult> members, HydroDataset dataset, string phase, bool scored, string target)
    {
        if (mean.Dropped.Count > 0)
            log($"ensemble mean: {string.Join(", ", mean.Dropped)} left out (not put out by every member)");
        var output = mean.Mean();
        var observed = members[0].Observed ?? throw new InvalidOperationException("the members' evaluation kept no observations.");
        var config = plan.Config;
        var folder = new RunFolder(config.OutputDir).Phase(phase);
        var split = scored && config.Split is { } s ? AnnualMaximaSplit.Rank(dataset, s) : null;
        var (files, metrics, peaks) = EvaluationFiles.Write(config, folder, output, observed, dataset, target, scored, split);
        log($"{phase}: mean of {mean.Count} members; outputs in {folder}");
        return Combined(phase, folder, metrics, files, members) with { Peaks = peaks, Output = output, Observed = observed };
    }

    /// <summary>The folds' held-out basins in one metrics table (and one peaks table with a split), in <c>&lt;output_dir&gt;/&lt;phase&gt;/</c>.</summary>
    EvaluationResult PooledFolds(List<EvaluationResult> folds, string phase)
    {
        var folder = new RunFolder(plan.Config.OutputDir).Phase(phase);
        var files = new List<string>();
        MetricsTable? pooled = null;
        if (folds.All(f => f.Metrics is not null))
        {
            pooled = MetricsTable.Pool(folds.Select(f => f.Metrics!));
            files.AddRange(pooled.Write(folder));
        }
        PeakErrors? peaks = null;
        if (folds.All(f => f.Peaks is not null))
        {
            peaks = PeakErrors.Pool(folds.Select(f => f.Peaks!));
            files.Add(peaks.Write(folder));
        }
        var recovery = ParameterRecovery.Pool(folds.Select(f => f.Recovery));
        if (recovery.Count > 0) files.Add(ParameterRecovery.Write(folder, recovery));
        log($"{phase}: {folds.Sum(f => f.Basins)} held-out basins of {folds.Count} folds pooled in {folder}");
        foreach (var r in recovery)
            log($"{phase}: {r.Parameter} learned vs true ({r.Attribute}) over {r.Count} held-out basins: R² {r.R2:F3}, bias {r.Bias:G4}, RMSE {r.Rmse:G4}");
        return Combined(phase, folder, pooled, files, folds) with { Peaks = peaks, Recovery = recovery };
    }

    /// <summary>The combined evaluation's record: all basins, the members' forward time summed.</summary>
    static EvaluationResult Combined(string phase, string folder, MetricsTable? metrics, List<string> files, List<EvaluationResult> members)
    {
        double seconds = members.Sum(m => m.Seconds);
        double basinDays = members.Sum(m => m.BasinDaysPerSecond * m.Seconds);
        return new EvaluationResult(phase, folder, Epoch: null, metrics, files, seconds, seconds > 0 ? basinDays / seconds : 0)
        {
            Basins = metrics?.Basins.Count ?? members.Max(m => m.Basins),
            Days = members[0].Days,
        };
    }
}
