using System.Buffers.Binary;

namespace Microcosm.Tests.Infrastructure;

/// <summary>
/// The test's own reading of an ELF64 little-endian file (independent of the loader's): the header,
/// the program headers and the dynamic section, with setters to damage them.
/// </summary>
internal sealed class ElfImage(byte[] bytes)
{
    public const int EhdrSize = 64, PhdrSize = 56, DynSize = 16, RelaSize = 24;
    public const uint PT_LOAD = 1, PT_DYNAMIC = 2, PF_X = 1, PF_W = 2;
    /// <summary>Field offsets inside a program header.</summary>
    public const int P_TYPE = 0, P_FLAGS = 4, P_OFFSET = 8, P_VADDR = 16, P_FILESZ = 32, P_MEMSZ = 40, P_ALIGN = 48;
    private const long DT_NULL = 0, DT_RELA = 7, DT_RELASZ = 8;

    public byte[] Bytes { get; } = bytes;

    public static ElfImage Load(string path) => new(System.IO.File.ReadAllBytes(path));
    public ElfImage Copy() => new((byte[])Bytes.Clone());
    public ElfImage Truncated(int length) => new(Bytes[..length]);

    public ushort Type => U16(16);
    public ulong Entry => U64(24);
    public ulong PhOff => U64(32);
    public ushort PhNum => U16(56);

    public sealed record Segment(int Index, int At, uint Type, uint Flags, ulong Offset, ulong VAddr, ulong FileSize, ulong MemSize);
    public sealed record DynEntry(int At, long Tag, ulong Value);
    public sealed record Relocation(int At, ulong Offset, ulong Info, long Addend);

    public IReadOnlyList<Segment> Segments => Enumerable.Range(0, PhNum).Select(i =>
    {
        int at = (int)PhOff + i * PhdrSize;
        return new Segment(i, at, U32(at), U32(at + 4), U64(at + 8), U64(at + 16), U64(at + 32), U64(at + 40));
    }).ToList();

    public IReadOnlyList<Segment> Loads => Segments.Where(s => s.Type == PT_LOAD).ToList();

    /// <summary>The program interpreter named by PT_INTERP, or null.</summary>
    public string? Interpreter => Segments.FirstOrDefault(s => s.Type == 3) is { } interp
        ? System.Text.Encoding.UTF8.GetString(Bytes, (int)interp.Offset, (int)interp.FileSize).TrimEnd('\0') : null;
    public Segment Dynamic => Segments.Single(s => s.Type == PT_DYNAMIC);
    /// <summary>The executable segment.</summary>
    public Segment Code => Loads.Single(s => (s.Flags & PF_X) != 0);
    /// <summary>The writable segment (holding the dynamic section).</summary>
    public Segment Data => Loads.Single(s => (s.Flags & PF_W) != 0);

    /// <summary>The dynamic section's entries up to and including DT_NULL.</summary>
    public IReadOnlyList<DynEntry> DynamicEntries
    {
        get
        {
            var list = new List<DynEntry>();
            var dynamic = Dynamic;
            for (int at = (int)dynamic.Offset; at < (int)(dynamic.Offset + dynamic.FileSize); at += DynSize)
            {
                list.Add(new DynEntry(at, (long)U64(at), U64(at + 8)));
                if (list[^1].Tag == DT_NULL) break;
            }
            return list;
        }
    }

    public DynEntry Dyn(long tag, int occurrence = 0) =>
        DynamicEntries.Where(e => e.Tag == tag).ElementAtOrDefault(occurrence)
        ?? throw new InvalidOperationException($"the test program has no dynamic entry with tag 0x{tag:x} (occurrence {occurrence})");

    public void SetDynamic(long tag, ulong value, int occurrence = 0) => Set64(Dyn(tag, occurrence).At + 8, value);
    public void SetDynamicTag(long tag, long newTag) => Set64(Dyn(tag).At, (ulong)newTag);

    /// <summary>The file offset of virtual address <paramref name="address"/> (inside a PT_LOAD's file contents).</summary>
    public int FileOffset(ulong address)
    {
        var segment = Loads.Single(s => address >= s.VAddr && address < s.VAddr + s.FileSize);
        return (int)(segment.Offset + (address - segment.VAddr));
    }

    /// <summary>The entries of .rela.dyn (DT_RELA).</summary>
    public IEnumerable<Relocation> Relocations()
    {
        int start = FileOffset(Dyn(DT_RELA).Value);
        ulong size = Dyn(DT_RELASZ).Value;
        for (int at = start; at < start + (int)size; at += RelaSize)
            yield return new Relocation(at, U64(at), U64(at + 8), (long)U64(at + 16));
    }

    public void SetRelocationType(Relocation relocation, uint type) => Set32(relocation.At + 8, type);

    public void SetPhdr(Segment segment, int field, ulong value)
    {
        if (field is P_TYPE or P_FLAGS) Set32(segment.At + field, (uint)value);
        else Set64(segment.At + field, value);
    }

    /// <summary>Names the field at file offset <paramref name="at"/> (for reports).</summary>
    public string Describe(int at)
    {
        if (at < 16) return $"e_ident[{at}]";
        if (at < EhdrSize)
        {
            (int Offset, string Name)[] fields = [(16, "e_type"), (18, "e_machine"), (20, "e_version"), (24, "e_entry"), (32, "e_phoff"),
                (40, "e_shoff"), (48, "e_flags"), (52, "e_ehsize"), (54, "e_phentsize"), (56, "e_phnum"), (58, "e_shentsize"), (60, "e_shnum"), (62, "e_shstrndx")];
            var f = fields.Last(f => f.Offset <= at);
            return $"{f.Name}+{at - f.Offset}";
        }
        foreach (var s in Segments)
            if (at >= s.At && at < s.At + PhdrSize)
            {
                (int Offset, string Name)[] fields = [(0, "p_type"), (4, "p_flags"), (8, "p_offset"), (16, "p_vaddr"), (24, "p_paddr"),
                    (32, "p_filesz"), (40, "p_memsz"), (48, "p_align")];
                var f = fields.Last(f => f.Offset <= at - s.At);
                return $"phdr[{s.Index}] (type 0x{s.Type:x}).{f.Name}+{at - s.At - f.Offset}";
            }
        var dynamic = Dynamic;
        if (at >= (int)dynamic.Offset && at < (int)(dynamic.Offset + dynamic.FileSize))
        {
            int index = (at - (int)dynamic.Offset) / DynSize, within = (at - (int)dynamic.Offset) % DynSize;
            long tag = (long)U64((int)dynamic.Offset + index * DynSize);
            return $"dynamic[{index}] (tag 0x{tag:x}).{(within < 8 ? "d_tag" : "d_val")}+{within % 8}";
        }
        return $"offset 0x{at:x}";
    }

    /// <summary>Writes the image to <paramref name="path"/> as an executable file.</summary>
    public string Save(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, Bytes);
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(at));
    public uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(at));
    public ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at));
    public void Set16(int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(at), value);
    public void Set32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(at), value);
    public void Set64(int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan(at), value);
}
