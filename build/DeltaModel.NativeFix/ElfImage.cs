using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace DeltaModel.NativeFix;

/// <summary>
/// A minimal, read-mostly view of a 64-bit little-endian ELF shared object: section headers, string tables and the
/// GNU symbol-versioning sections. Only what <see cref="VersionNeedPatcher"/> needs; anything else is an error.
/// </summary>
public sealed class ElfImage
{
    public const uint ShtRela = 4;
    public const uint ShtDynSym = 11;
    public const uint ShtGnuVerDef = 0x6ffffffd;
    public const uint ShtGnuVerNeed = 0x6ffffffe;
    public const uint ShtGnuVerSym = 0x6fffffff;

    /// <summary>The vna_flags bit that lets the dynamic loader accept a missing version (VER_FLG_WEAK).</summary>
    public const ushort VerFlagWeak = 0x2;

    public ElfImage(byte[] bytes, string path)
    {
        Bytes = bytes;
        Path = path;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new FormatException($"{path}: not an ELF file.");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new FormatException($"{path}: only 64-bit little-endian ELF files are supported.");

        ulong shOff = U64(0x28);
        int shEntSize = U16(0x3A);
        int shNum = U16(0x3C);
        int shStrIndex = U16(0x3E);
        if (shEntSize != 64 || shOff == 0 || (long)shOff + (long)shNum * 64 > bytes.Length)
            throw new FormatException($"{path}: malformed section header table.");

        var sections = new List<ElfSection>(shNum);
        for (int i = 0; i < shNum; i++)
        {
            int h = checked((int)shOff + i * 64);
            sections.Add(new ElfSection(
                Index: i,
                NameOffset: U32(h),
                Type: U32(h + 4),
                Offset: checked((int)U64(h + 24)),
                Size: checked((int)U64(h + 32)),
                Link: (int)U32(h + 40),
                Info: (int)U32(h + 44),
                EntrySize: checked((int)U64(h + 56))));
        }
        Sections = sections;
        var shStr = sections[shStrIndex];
        foreach (var s in sections) s.Name = ReadString(shStr, s.NameOffset);
    }

    public byte[] Bytes { get; }
    public string Path { get; }
    public IReadOnlyList<ElfSection> Sections { get; }

    public ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(offset));
    public uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(offset));
    public ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(offset));
    public void WriteU16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(offset), value);

    /// <summary>Reads a NUL-terminated string at <paramref name="offset"/> inside string table <paramref name="table"/>.</summary>
    public string ReadString(ElfSection table, uint offset)
    {
        int start = checked(table.Offset + (int)offset);
        int end = start;
        while (end < Bytes.Length && Bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    public ElfSection? FindByType(uint type)
    {
        foreach (var s in Sections) if (s.Type == type) return s;
        return null;
    }

    /// <summary>Version names this object defines (<c>.gnu.version_d</c>), e.g. GLIBCXX_3.4.30 for libstdc++.</summary>
    public HashSet<string> DefinedVersions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var verdef = FindByType(ShtGnuVerDef);
        if (verdef is null) return result;
        var strings = Sections[verdef.Link];
        int entry = verdef.Offset;
        for (int n = 0; n < verdef.Info; n++)
        {
            int aux = entry + (int)U32(entry + 12);
            result.Add(ReadString(strings, U32(aux)));
            uint next = U32(entry + 16);
            if (next == 0) break;
            entry += (int)next;
        }
        return result;
    }

    /// <summary>The entries of <c>.gnu.version_r</c>: for each needed file, the versions required from it.</summary>
    public List<VersionNeed> NeededVersions()
    {
        var result = new List<VersionNeed>();
        var verneed = FindByType(ShtGnuVerNeed);
        if (verneed is null) return result;
        var strings = Sections[verneed.Link];
        int entry = verneed.Offset;
        for (int n = 0; n < verneed.Info; n++)
        {
            int count = U16(entry + 2);
            string file = ReadString(strings, U32(entry + 4));
            int aux = entry + (int)U32(entry + 8);
            for (int k = 0; k < count; k++)
            {
                result.Add(new VersionNeed(file, ReadString(strings, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                uint nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += (int)nextAux;
            }
            uint next = U32(entry + 12);
            if (next == 0) break;
            entry += (int)next;
        }
        return result;
    }

    /// <summary>Version index (the low 15 bits of <c>.gnu.version</c>) of every dynamic symbol.</summary>
    public ushort[] SymbolVersionIndices()
    {
        var versym = FindByType(ShtGnuVerSym);
        if (versym is null) return [];
        var result = new ushort[versym.Size / 2];
        for (int i = 0; i < result.Length; i++) result[i] = (ushort)(U16(versym.Offset + 2 * i) & 0x7fff);
        return result;
    }

    /// <summary>Indices of dynamic symbols referenced by any relocation (<c>.rela.dyn</c>, <c>.rela.plt</c>).</summary>
    public HashSet<int> RelocatedSymbols()
    {
        var result = new HashSet<int>();
        foreach (var s in Sections)
        {
            if (s.Type != ShtRela || s.EntrySize != 24) continue;
            for (int off = s.Offset; off + 24 <= s.Offset + s.Size; off += 24)
                result.Add((int)(U64(off + 8) >> 32));
        }
        return result;
    }

    /// <summary>Names of dynamic symbols, by index.</summary>
    public string[] DynamicSymbolNames()
    {
        var dynsym = FindByType(ShtDynSym);
        if (dynsym is null) return [];
        var strings = Sections[dynsym.Link];
        var names = new string[dynsym.Size / 24];
        for (int i = 0; i < names.Length; i++) names[i] = ReadString(strings, U32(dynsym.Offset + 24 * i));
        return names;
    }
}

/// <summary>One section header.</summary>
public sealed record ElfSection(int Index, uint NameOffset, uint Type, int Offset, int Size, int Link, int Info, int EntrySize)
{
    public string Name { get; set; } = "";
}

/// <summary>One <c>Vernaux</c> entry: version <see cref="Name"/> needed from <see cref="File"/>.</summary>
/// <param name="FlagsOffset">File offset of <c>vna_flags</c>, for patching.</param>
public sealed record VersionNeed(string File, string Name, ushort Flags, ushort VersionIndex, int FlagsOffset)
{
    public bool IsWeak => (Flags & ElfImage.VerFlagWeak) != 0;
}
