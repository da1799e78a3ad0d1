using System.Text;

namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// The batch script of one job array: array task N runs unit N exactly as Experiments.proj would run it locally (the
/// runner, then <c>workspace finish</c>, which writes the unit's marker), with its output appended to the unit's
/// <c>out/slurm.log</c>. The commands are the shell lines MSBuild's Exec would run, so local and Slurm runs of a
/// unit are the same runs and share one up-to-date check.
/// </summary>
internal static class SlurmArrayScript
{
    public static string For(IReadOnlyList<SlurmTask> tasks)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n")
              .Append("# Written by `deltamodel workspace submit` for Experiments.proj -p:Scheduler=slurm: one array task per unit.\n")
              .Append("restarts=${SLURM_RESTART_COUNT:-0}\n")
              // libtorch (OpenMP, oneDNN) starts a thread per core of the node, not per CPU of the task's allocation:
              // tasks sharing a node would take each other's cores. An OMP_NUM_THREADS the user exported wins.
              .Append("cpus=${SLURM_CPUS_PER_TASK:-${SLURM_JOB_CPUS_PER_NODE:-}}; cpus=${cpus%%[(,]*}\n")
              .Append("[ -z \"${OMP_NUM_THREADS:-}\" ] && [ -n \"$cpus\" ] && export OMP_NUM_THREADS=$cpus\n")
              .Append("case \"${SLURM_ARRAY_TASK_ID:?not run as a Slurm array task}\" in\n");
        for (int i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            var start = t.Start();
            script.Append($"{i})\n")
                  .Append($"  mkdir -p {Quote(t.Output)} && exec >>{Quote(t.Log)} 2>&1\n")
                  .Append($"  echo \"== \"{Quote(t.Label)}\": Slurm job ${{SLURM_ARRAY_JOB_ID}}_${{SLURM_ARRAY_TASK_ID}} on $(hostname), " +
                          "restart $restarts, $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n")
                  // A requeued task (preemption, node failure) continues its own training instead of starting over.
                  .Append($"  start={Quote(start.Arguments)}; [ \"$restarts\" -gt 0 ] && start={Quote(start.Kept)}\n");
            foreach (var variable in t.Environment.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = variable.IndexOf('=');
                if (eq > 0) script.Append($"  export {variable[..eq]}={Quote(variable[(eq + 1)..])}\n");
            }
            script.Append($"  {t.Run} $start || {{ status=$?; echo \"== runner exited with $status\"; exit $status; }}\n")
                  .Append($"  {t.Finish} || exit $?\n")
                  .Append("  echo \"== done\"\n")
                  .Append("  ;;\n");
        }
        script.Append("*) echo \"no unit for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n");
        return script.ToString();
    }

    /// <summary>A single-quoted shell word.</summary>
    static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
