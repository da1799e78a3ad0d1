using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Caravan;
using DeltaModel.Core.Data.Generic;

namespace DeltaModel.Core.Data.Formats;

/// <summary>
/// The registry of dataset layouts. Adding a layout is one <see cref="IDatasetFormat"/> class and one line in
/// <see cref="Registered"/> (or, from a plug-in, <see cref="Register"/>); everything that names, detects, loads or lists
/// a dataset asks here.
/// </summary>
public static class DatasetFormats
{
    static readonly Lock registering = new();

    // Replaced, never changed, by Register: readers need no lock.
    static IDatasetFormat[] Registered =
    [
        new CamelsUsFormat(),
        new CaravanCsvFormat(),
        new CaravanReleaseFormat(),
        new GenericFormat(),
    ];

    public static IReadOnlyList<IDatasetFormat> All => Registered;

    /// <summary>The registered names, in registration order (<c>camels</c> first: the config's default).</summary>
    public static IReadOnlyList<string> Names => Registered.Select(f => f.Name).ToArray();

    /// <summary>Adds a dataset layout (a plug-in's, docs/plugins.md); detection and every listing include it from now on.</summary>
    /// <exception cref="ArgumentException">Its name is empty or already registered.</exception>
    public static void Register(IDatasetFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(format.Name, nameof(format));
        lock (registering)
        {
            if (Find(format.Name) is { } existing)
                throw new ArgumentException($"a dataset format named '{format.Name}' is already registered ({existing.Layout}).", nameof(format));
            Registered = [.. Registered, format];
        }
    }

    /// <summary>The format called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="key">Where the name came from, for the message: <c>data.format</c>, <c>--format</c>.</param>
    /// <exception cref="DataException">Unknown name (with the closest known one and the full list).</exception>
    public static IDatasetFormat Get(string name, string key = "data.format") =>
        Find(name) ?? throw new DataException(
            $"{key} '{name}' is not a dataset format{Configuration.Names.DidYouMean(name.Trim().ToLowerInvariant(), Names)}; expected one of: {string.Join(", ", Names)}.");

    /// <summary>The one format whose layout <paramref name="folder"/> holds.</summary>
    /// <exception cref="DataException">The folder is missing, holds no known layout, or matches several (names the folder and the known formats).</exception>
    public static IDatasetFormat Detect(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DataException(folder, null, $"dataset folder not found; expected a folder of one of the known formats: {Describe(Registered)}.");
        var matches = Registered.Where(f => f.Detect(folder)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DataException(folder, null, $"not a known dataset layout; known formats: {Describe(Registered)}."),
            _ => throw new DataException(folder, null,
                $"the folder matches several dataset formats ({string.Join(", ", matches.Select(f => f.Name))}); name one (data.format or --format). " +
                $"Known formats: {Describe(Registered)}."),
        };
    }

    /// <summary>
    /// The format to load <paramref name="folder"/> with: <paramref name="requested"/>, checked against the folder so a
    /// mismatch is one clear error rather than a loader's complaint about a file it expected; or, when none is
    /// requested, the detected one.
    /// </summary>
    /// <param name="option">How the user names a format here (<c>--format</c>), for the messages.</param>
    public static IDatasetFormat Resolve(string? requested, string folder, string option)
    {
        if (requested is null) return Detect(folder);
        var format = Get(requested, option);
        if (!Directory.Exists(folder) || format.Detect(folder)) return format;   // the loader reports a missing folder
        var others = Registered.Where(f => f != format && f.Detect(folder)).ToList();
        throw new DataException(folder, null,
            $"{option} {format.Name}, but there is no {format.Marker} (expected the {format.Layout} layout)" +
            (others.Count == 1 ? $"; this is a {others[0].Layout} folder: use {option} {others[0].Name} or omit {option}." : "."));
    }

    static IDatasetFormat? Find(string name) =>
        Registered.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    static string Describe(IEnumerable<IDatasetFormat> formats) =>
        string.Join("; ", formats.Select(f => $"{f.Name} ({f.Layout}: {f.Marker})"));
}
