using System.Buffers.Binary;
using System.Text;

namespace ResNeXtLib.Setup;

/// <summary>One entry of an ELF file's version-needs section (SHT_GNU_verneed): a symbol version required from a shared library.</summary>
/// <param name="Library">The library the version is required from, for example <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, for example <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; bit 0x2 (VER_FLG_WEAK) marks a weak requirement.</param>
/// <param name="FlagsOffset">The file offset of the two-byte <c>vna_flags</c> field.</param>
public sealed record ElfVersionNeed(string Library, string Version, ushort Flags, long FlagsOffset)
{
    /// <summary>True when the dynamic loader accepts a library that lacks this version.</summary>
    public bool IsWeak => (Flags & ElfSymbolVersions.WeakFlag) != 0;
}

/// <summary>
/// Reads the GNU symbol-versioning sections of 64-bit little-endian ELF files and marks required versions as weak.
/// </summary>
/// <remarks>
/// Layouts follow the Linux Standard Base "Symbol Versioning" chapter: Elf64_Verneed is 16 bytes
/// (vn_version, vn_cnt, vn_file, vn_aux, vn_next), Elf64_Vernaux is 16 bytes (vna_hash, vna_flags,
/// vna_other, vna_name, vna_next), Elf64_Verdef is 20 bytes and Elf64_Verdaux 8 bytes.
/// </remarks>
public static class ElfSymbolVersions
{
    /// <summary>VER_FLG_WEAK: the loader reports nothing when the providing library lacks the version.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVersionNeeds = 0x6ffffffe;
    private const uint SectionTypeVersionDefinitions = 0x6ffffffd;

    /// <summary>Reads every required symbol version of an ELF file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed 64-bit little-endian ELF file.</exception>
    public static IReadOnlyList<ElfVersionNeed> ReadVersionNeeds(byte[] elf, string fileName = "ELF file")
    {
        var needs = new List<ElfVersionNeed>();
        var sections = ReadSections(elf, fileName);
        foreach (var section in sections.Where(s => s.Type == SectionTypeVersionNeeds))
        {
            var strings = sections[checked((int)section.Link)];
            long entryOffset = section.Offset;
            for (uint entry = 0; entry < section.Info; entry++)
            {
                ushort auxCount = ReadUInt16(elf, entryOffset + 2, fileName);
                string library = ReadString(elf, strings, ReadUInt32(elf, entryOffset + 4, fileName), fileName);
                long auxOffset = entryOffset + ReadUInt32(elf, entryOffset + 8, fileName);
                for (int aux = 0; aux < auxCount; aux++)
                {
                    ushort flags = ReadUInt16(elf, auxOffset + 4, fileName);
                    string version = ReadString(elf, strings, ReadUInt32(elf, auxOffset + 8, fileName), fileName);
                    needs.Add(new ElfVersionNeed(library, version, flags, auxOffset + 4));
                    auxOffset += ReadUInt32(elf, auxOffset + 12, fileName);
                }

                uint next = ReadUInt32(elf, entryOffset + 12, fileName);
                if (next == 0)
                {
                    break;
                }

                entryOffset += next;
            }
        }

        return needs;
    }

    /// <summary>Reads the symbol version names a shared library defines (its SHT_GNU_verdef section).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed 64-bit little-endian ELF file.</exception>
    public static IReadOnlySet<string> ReadVersionDefinitions(byte[] elf, string fileName = "ELF file")
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sections = ReadSections(elf, fileName);
        foreach (var section in sections.Where(s => s.Type == SectionTypeVersionDefinitions))
        {
            var strings = sections[checked((int)section.Link)];
            long entryOffset = section.Offset;
            for (uint entry = 0; entry < section.Info; entry++)
            {
                ushort auxCount = ReadUInt16(elf, entryOffset + 6, fileName);
                long auxOffset = entryOffset + ReadUInt32(elf, entryOffset + 12, fileName);

                // The first Verdaux names the version itself; later ones name its parents.
                if (auxCount > 0)
                {
                    names.Add(ReadString(elf, strings, ReadUInt32(elf, auxOffset, fileName), fileName));
                }

                uint next = ReadUInt32(elf, entryOffset + 16, fileName);
                if (next == 0)
                {
                    break;
                }

                entryOffset += next;
            }
        }

        return names;
    }

    /// <summary>
    /// Returns a copy of <paramref name="elf"/> in which the requirements of <paramref name="versions"/> from
    /// <paramref name="library"/> carry VER_FLG_WEAK. Every other byte is unchanged.
    /// </summary>
    /// <returns>The patched copy, and the number of entries whose flag changed (0 when none needed it).</returns>
    public static (byte[] Patched, int ChangedEntries) MarkWeak(byte[] elf, string library, IReadOnlySet<string> versions, string fileName = "ELF file")
    {
        var patched = (byte[])elf.Clone();
        int changed = 0;
        foreach (var need in ReadVersionNeeds(elf, fileName))
        {
            if (need.Library != library || !versions.Contains(need.Version) || need.IsWeak)
            {
                continue;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan(checked((int)need.FlagsOffset), 2), (ushort)(need.Flags | WeakFlag));
            changed++;
        }

        return (patched, changed);
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);

    private static List<Section> ReadSections(byte[] elf, string fileName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException($"{fileName} is not an ELF file: the first four bytes are not 7F 45 4C 46.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{fileName} is not a 64-bit little-endian ELF file (class {elf[4]}, data encoding {elf[5]}); only that kind is supported.");
        }

        long tableOffset = checked((long)ReadUInt64(elf, 0x28, fileName));
        ushort entrySize = ReadUInt16(elf, 0x3A, fileName);
        ushort count = ReadUInt16(elf, 0x3C, fileName);
        if (count > 0 && entrySize < 64)
        {
            throw new InvalidDataException($"{fileName} has a section header size of {entrySize} bytes; a 64-bit ELF file uses 64.");
        }

        var sections = new List<Section>(count);
        for (int index = 0; index < count; index++)
        {
            long header = tableOffset + (long)index * entrySize;
            sections.Add(new Section(
                Type: ReadUInt32(elf, header + 4, fileName),
                Offset: checked((long)ReadUInt64(elf, header + 24, fileName)),
                Size: checked((long)ReadUInt64(elf, header + 32, fileName)),
                Link: ReadUInt32(elf, header + 40, fileName),
                Info: ReadUInt32(elf, header + 44, fileName)));
        }

        return sections;
    }

    private static string ReadString(byte[] elf, Section strings, uint nameOffset, string fileName)
    {
        long start = strings.Offset + nameOffset;
        long end = start;
        while (end < elf.Length && end < strings.Offset + strings.Size && elf[end] != 0)
        {
            end++;
        }

        if (end >= elf.Length || end >= strings.Offset + strings.Size)
        {
            throw new InvalidDataException($"{fileName} is truncated or corrupt: a version name at string offset {nameOffset} has no terminating zero byte.");
        }

        return Encoding.ASCII.GetString(elf, checked((int)start), checked((int)(end - start)));
    }

    private static ushort ReadUInt16(byte[] elf, long offset, string fileName) =>
        BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, offset, 2, fileName));

    private static uint ReadUInt32(byte[] elf, long offset, string fileName) =>
        BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, offset, 4, fileName));

    private static ulong ReadUInt64(byte[] elf, long offset, string fileName) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Slice(elf, offset, 8, fileName));

    private static ReadOnlySpan<byte> Slice(byte[] elf, long offset, int length, string fileName)
    {
        if (offset < 0 || offset + length > elf.Length)
        {
            throw new InvalidDataException($"{fileName} is truncated or corrupt: a read of {length} bytes at offset {offset} lies outside its {elf.Length} bytes.");
        }

        return elf.AsSpan(checked((int)offset), length);
    }
}
