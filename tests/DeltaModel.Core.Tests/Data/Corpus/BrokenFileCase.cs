using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// One named way to break a corpus file, the load that must then fail, and what its <see cref="DataException"/>
/// must say: the file (or folder) it names, the 1-based line where one applies, and substrings stating what was
/// expected.
/// </summary>
/// <param name="Break">The mutation, applied to a fresh <see cref="CorpusFolder"/>.</param>
/// <param name="Load">The load that must fail (CAMELS or Caravan, possibly with a period or basin choice).</param>
/// <param name="File">The path the error must name.</param>
/// <param name="Line">The line it must name, or null where no single line is at fault (missing or empty file, period).</param>
/// <param name="Expected">Substrings of the message.</param>
internal sealed record BrokenFileCase(
    Action<CorpusFolder> Break,
    Func<CorpusFolder, HydroDataset> Load,
    Func<CorpusFolder, string> File,
    int? Line,
    string[] Expected);
