using System.Text;
using DeltaModel.Core.Outputs;
using static TorchSharp.torch;

namespace DeltaModel.Core.Training;

/// <summary>
/// A training checkpoint: model weights, optimizer state and the epoch, plus the model's signature and the hash of the
/// training config so a checkpoint is never loaded into a different architecture or resumed under a changed setup
/// (fixes spec §10.6/§10.7: strict loading, exact epoch file names). Written atomically.
/// Random streams are not stored: every epoch derives its own from the seed and the epoch number, so resuming at an
/// epoch boundary replays exactly what an uninterrupted run would have done. Neither is the learning-rate schedule: it is
/// a function of the epoch (<see cref="LearningRateSchedule"/>). The resume file also keeps the
/// <see cref="EpochSelection.State"/> (best epoch and score, early-stopping count) after the optimizer state; files
/// written before it existed simply lack it.
/// </summary>
public static class Checkpoint
{
    const string Magic = "DeltaModel.Checkpoint.v1";

    /// <summary>Header of a checkpoint file.</summary>
    /// <param name="Epoch">Epochs completed when it was written.</param>
    /// <param name="ConfigHash">Hash of the training-relevant config.</param>
    /// <param name="Signature">The model's description (architecture), checked on load.</param>
    public sealed record Header(int Epoch, string ConfigHash, string Signature)
    {
        /// <summary>Best epoch and early-stopping state (resume file of a run with validation only; read when loading with an optimizer).</summary>
        public EpochSelection.State? Selection { get; init; }
    }

    /// <summary>File name of the checkpoint after <paramref name="epoch"/> epochs (exact, zero-padded).</summary>
    public static string FileName(int epoch) => $"epoch_{epoch:D4}.ckpt";

    public const string ResumeFileName = "last.ckpt";

    /// <summary>Weights of the best validation epoch (the model tested and simulated when the run has a validation section).</summary>
    public const string BestFileName = "best.ckpt";

    public static void Save(string path, Header header, nn.Module module, optim.Optimizer? optimizer)
    {
        AtomicFile.Write(path, tmp =>
        {
            using var stream = File.Create(tmp);
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            writer.Write(Magic);
            writer.Write(header.Epoch);
            writer.Write(header.ConfigHash);
            writer.Write(header.Signature);
            writer.Write(optimizer is not null);
            module.save(writer);
            if (optimizer is TorchSharp.Modules.OptimizerHelper helper) helper.save_state_dict(writer);
            if (optimizer is not null && header.Selection is { } s)
            {
                writer.Write(s.BestEpoch);
                writer.Write(s.BestScore);
                writer.Write(s.Stale);
                writer.Write(s.Stopped);
            }
        });
    }

    /// <summary>Reads only the header.</summary>
    public static Header ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads weights (strictly) and, if given, the optimizer state. Throws naming the file on any mismatch.</summary>
    public static Header Load(string path, nn.Module module, string expectedSignature, optim.Optimizer? optimizer = null)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        if (header.Signature != expectedSignature)
            throw new InvalidDataException($"{path}: checkpoint is of another model.{Environment.NewLine}" +
                                           $"  checkpoint: {header.Signature}{Environment.NewLine}  this run:   {expectedSignature}");
        bool hasOptimizer = reader.ReadBoolean();
        module.load(reader, strict: true);
        if (optimizer is TorchSharp.Modules.OptimizerHelper helper)
        {
            if (!hasOptimizer) throw new InvalidDataException($"{path}: checkpoint has no optimizer state to resume from.");
            helper.load_state_dict(reader);
            if (reader.BaseStream.Position < reader.BaseStream.Length)
                header = header with { Selection = new EpochSelection.State(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadBoolean()) };
        }
        return header;
    }

    static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path}: not a DeltaModel checkpoint.");
            return new Header(reader.ReadInt32(), reader.ReadString(), reader.ReadString());
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated checkpoint.");
        }
    }
}
