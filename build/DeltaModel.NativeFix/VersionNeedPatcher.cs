using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeltaModel.NativeFix;

/// <summary>What <see cref="VersionNeedPatcher.Patch"/> did to one library.</summary>
public sealed record PatchReport(string Library, IReadOnlyList<string> Weakened, IReadOnlyList<string> AlreadyWeak, IReadOnlyList<string> Missing)
{
    public bool Changed => Weakened.Count > 0;
}

/// <summary>
/// Marks as weak (<c>VER_FLG_WEAK</c>) the version requirements of a shared library that the system's copy of the
/// needed library does not define, provided no relocation of the library references a symbol of that version.
/// A weak requirement lets glibc load the library; since nothing binds to a symbol of that version, nothing can
/// fail later. If some relocation does use such a symbol the patch is refused: the library really needs a newer
/// system library.
/// </summary>
public static class VersionNeedPatcher
{
    /// <summary>Patches <paramref name="libraryPath"/> in place (atomically) against the versions in <paramref name="available"/>.</summary>
    /// <param name="neededFile">The DT_NEEDED name whose versions are checked, e.g. <c>libstdc++.so.6</c>.</param>
    /// <param name="available">Versions the system's <paramref name="neededFile"/> defines.</param>
    public static PatchReport Patch(string libraryPath, string neededFile, ISet<string> available)
    {
        var image = new ElfImage(File.ReadAllBytes(libraryPath), libraryPath);
        var versionIndices = image.SymbolVersionIndices();
        var relocated = image.RelocatedSymbols();
        var names = image.DynamicSymbolNames();

        var weakened = new List<string>();
        var alreadyWeak = new List<string>();
        var missing = new List<string>();
        foreach (var need in image.NeededVersions().Where(n => n.File == neededFile && !available.Contains(n.Name)))
        {
            missing.Add(need.Name);
            if (need.IsWeak) { alreadyWeak.Add(need.Name); continue; }

            var used = Enumerable.Range(0, versionIndices.Length)
                .Where(i => versionIndices[i] == need.VersionIndex && relocated.Contains(i))
                .Select(i => i < names.Length ? names[i] : $"#{i}")
                .ToList();
            if (used.Count > 0)
                throw new InvalidOperationException(
                    $"{libraryPath} needs {need.Name} from {neededFile} for symbol(s) {string.Join(", ", used)}, " +
                    $"which the system's {neededFile} does not provide. Install a newer {neededFile} (GCC runtime) instead.");

            image.WriteU16(need.FlagsOffset, (ushort)(need.Flags | ElfImage.VerFlagWeak));
            weakened.Add(need.Name);
        }

        if (weakened.Count > 0)
        {
            string temp = libraryPath + ".patching";
            File.WriteAllBytes(temp, image.Bytes);
            File.Move(temp, libraryPath, overwrite: true);
        }
        return new PatchReport(libraryPath, weakened, alreadyWeak, missing);
    }
}
