namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>Slurm refused or could not be asked (no sbatch on PATH, a rejected request): the user's to fix, so the
/// CLI prints its message without a stack trace.</summary>
internal sealed class SlurmException(string message) : Exception(message);
