using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>What the dynamic section (PT_DYNAMIC) says about an object, with its string table checked.</summary>
internal sealed unsafe class DynamicInfo
{
    public const int MaxEntries = 1 << 16;
    /// <summary>
    /// The longest string (symbol or library name, version, search path) the loader reads. Names are
    /// found by scanning for their NUL, and each symbol reference scans its name: without a bound, a
    /// table of long overlapping strings makes loading quadratic in the file's size. Real names are far
    /// shorter (the longest C++ symbols run to a few kilobytes).
    /// </summary>
    public const int MaxStringLength = 32 * 1024;
    private const long MaxStandardTag = 0xfff, DT_LOOS = 0x6000000d, DT_HIPROC = 0x7fffffff;

    public ulong StrTab, StrSize, SymTab, SymEnt = SymSize, Hash, GnuHash;
    public ulong Rela, RelaSize, RelaEnt = ElfConstants.RelaSize, JmpRel, PltRelSize, PltRel = (ulong)DT_RELA;
    public ulong Relr, RelrSize, RelrEnt = 8;
    public ulong Init, Fini, InitArray, InitArraySize, FiniArray, FiniArraySize, PreinitArray, PreinitArraySize;
    public ulong VerSym, VerDef, VerDefNum, VerNeed, VerNeedNum;
    public ulong Flags, Flags1;
    public bool HasRel, TextRel, Symbolic;
    public readonly List<ulong> NeededOffsets = [];
    public ulong? SonameOffset, RpathOffset, RunpathOffset;

    private byte* _strings;

    private DynamicInfo(string path) => Path = path;

    /// <summary>The object's file, which names it in errors (names are read, and checked, after this section is).</summary>
    public string Path { get; }

    public static DynamicInfo Read(ElfAddressSpace space, in Elf64Phdr dynamic)
    {
        var info = new DynamicInfo(space.Path);
        ulong count = Math.Min(dynamic.MemSize / DynSize, MaxEntries);
        var entries = space.Array<Elf64Dyn>(dynamic.VAddr, count, "dynamic section");
        var seen = new HashSet<long>();
        bool terminated = false;
        for (ulong i = 0; i < count && !terminated; i++)
        {
            ulong v = entries[i].Value;
            long tag = entries[i].Tag;
            // The gABI defines tags below DT_LOOS (future ones will be small, like all so far) and the OS-
            // and processor-specific ranges; anything else is a damaged entry, not one to skip as unknown.
            if (tag is < 0 or (> MaxStandardTag and < DT_LOOS) or > DT_HIPROC)
                throw new LoadException(info.Path, $"dynamic section entry {i} has an invalid tag 0x{tag:x}");
            // Only DT_NEEDED may repeat. A second DT_RELASZ (say) is a damaged entry; taking either
            // value could silently drop relocations.
            if (!seen.Add(tag) && tag != DT_NEEDED && KnownTagName(tag) != null)
                throw new LoadException(info.Path, $"dynamic section has more than one {TagName(tag)} entry");
            switch (tag)
            {
                case DT_NULL: terminated = true; break;
                case DT_NEEDED: info.NeededOffsets.Add(v); break;
                case DT_SONAME: info.SonameOffset = v; break;
                case DT_RPATH: info.RpathOffset = v; break;
                case DT_RUNPATH: info.RunpathOffset = v; break;
                case DT_STRTAB: info.StrTab = v; break;
                case DT_STRSZ: info.StrSize = v; break;
                case DT_SYMTAB: info.SymTab = v; break;
                case DT_SYMENT: info.SymEnt = v; break;
                case DT_HASH: info.Hash = v; break;
                case DT_GNU_HASH: info.GnuHash = v; break;
                case DT_RELA: info.Rela = v; break;
                case DT_RELASZ: info.RelaSize = v; break;
                case DT_RELAENT: info.RelaEnt = v; break;
                case DT_JMPREL: info.JmpRel = v; break;
                case DT_PLTRELSZ: info.PltRelSize = v; break;
                case DT_PLTREL: info.PltRel = v; break;
                case DT_RELR: info.Relr = v; break;
                case DT_RELRSZ: info.RelrSize = v; break;
                case DT_RELRENT: info.RelrEnt = v; break;
                case DT_REL: case DT_RELSZ: info.HasRel = true; break;
                case DT_TEXTREL: info.TextRel = true; break;
                case DT_SYMBOLIC: info.Symbolic = true; break;
                case DT_FLAGS: info.Flags = v; break;
                case DT_FLAGS_1: info.Flags1 = v; break;
                case DT_INIT: info.Init = v; break;
                case DT_FINI: info.Fini = v; break;
                case DT_INIT_ARRAY: info.InitArray = v; break;
                case DT_INIT_ARRAYSZ: info.InitArraySize = v; break;
                case DT_FINI_ARRAY: info.FiniArray = v; break;
                case DT_FINI_ARRAYSZ: info.FiniArraySize = v; break;
                case DT_PREINIT_ARRAY: info.PreinitArray = v; break;
                case DT_PREINIT_ARRAYSZ: info.PreinitArraySize = v; break;
                case DT_VERSYM: info.VerSym = v; break;
                case DT_VERDEF: info.VerDef = v; break;
                case DT_VERDEFNUM: info.VerDefNum = v; break;
                case DT_VERNEED: info.VerNeed = v; break;
                case DT_VERNEEDNUM: info.VerNeedNum = v; break;
            }
        }
        // Without its DT_NULL the array's end is unknown: what follows may be anything, including
        // nothing (a PT_DYNAMIC cut short), which would silently drop relocations.
        if (!terminated) throw new LoadException(info.Path, "dynamic section is not terminated by DT_NULL");
        if ((info.Flags & DF_TEXTREL) != 0) info.TextRel = true;
        if ((info.Flags & DF_SYMBOLIC) != 0) info.Symbolic = true;

        if (info.StrTab != 0)
        {
            if (info.StrSize == 0) throw new LoadException(info.Path, "dynamic section has DT_STRTAB without DT_STRSZ");
            info._strings = space.Resolve(info.StrTab, info.StrSize, "dynamic string table");
            // Offset 0 is the empty string in every string table: anything else there means DT_STRTAB points elsewhere.
            if (info._strings[0] != 0) throw new LoadException(info.Path, $"dynamic string table at 0x{info.StrTab:x} does not start with a NUL byte");
        }
        else if (info.NeededOffsets.Count > 0 || info.SonameOffset != null || info.SymTab != 0)
            throw new LoadException(info.Path, "dynamic section has no string table (DT_STRTAB)");
        if (info.SymTab != 0 && info.SymEnt != SymSize) throw new LoadException(info.Path, $"unsupported DT_SYMENT {info.SymEnt}");
        if (info.Rela != 0 && info.RelaEnt != ElfConstants.RelaSize) throw new LoadException(info.Path, $"unsupported DT_RELAENT {info.RelaEnt}");
        if (info.Relr != 0 && info.RelrEnt != 8) throw new LoadException(info.Path, $"unsupported DT_RELRENT {info.RelrEnt}");
        if (info.JmpRel != 0 && info.PltRel != (ulong)DT_RELA) throw new LoadException(info.Path, "DT_PLTREL is not DT_RELA (x86-64 uses RELA relocations)");

        // A table's address and its size come in pairs. One without the other is a damaged dynamic
        // section, not an empty table: skipping the table would leave relocations unapplied and the
        // program would crash later in its own code, far from the cause. (A zero size is not damage:
        // ld -z pack-relative-relocs writes DT_RELA 0 with DT_RELASZ 0.)
        info.CheckPair(seen, DT_RELA, DT_RELASZ, info.RelaSize, ElfConstants.RelaSize);
        info.CheckPair(seen, DT_JMPREL, DT_PLTRELSZ, info.PltRelSize, ElfConstants.RelaSize);
        info.CheckPair(seen, DT_RELR, DT_RELRSZ, info.RelrSize, 8);
        info.CheckPair(seen, DT_INIT_ARRAY, DT_INIT_ARRAYSZ, info.InitArraySize, 8);
        info.CheckPair(seen, DT_FINI_ARRAY, DT_FINI_ARRAYSZ, info.FiniArraySize, 8);
        info.CheckPair(seen, DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ, info.PreinitArraySize, 8);
        if (seen.Contains(DT_STRSZ) && !seen.Contains(DT_STRTAB)) throw new LoadException(info.Path, "dynamic section has DT_STRSZ without DT_STRTAB");

        // The tables the loader reads later (initializers run after everything is mapped) are checked
        // now, so that a lying address is a load error naming the file rather than a fault at run time.
        if (info.InitArray != 0) space.Array<ulong>(info.InitArray, info.InitArraySize / 8, "initializer array (DT_INIT_ARRAY)");
        if (info.FiniArray != 0) space.Array<ulong>(info.FiniArray, info.FiniArraySize / 8, "finalizer array (DT_FINI_ARRAY)");
        if (info.PreinitArray != 0) space.Array<ulong>(info.PreinitArray, info.PreinitArraySize / 8, "pre-initializer array (DT_PREINIT_ARRAY)");

        // Likewise every name: they are read while resolving dependencies, outside the object's own loading.
        foreach (ulong offset in info.NeededOffsets) info.StringBytes(offset, "DT_NEEDED");
        if (info.SonameOffset is { } soname) info.StringBytes(soname, "DT_SONAME");
        if (info.RpathOffset is { } rpath) info.StringBytes(rpath, "DT_RPATH");
        if (info.RunpathOffset is { } runpath) info.StringBytes(runpath, "DT_RUNPATH");
        return info;
    }

    private void CheckPair(HashSet<long> seen, long addressTag, long sizeTag, ulong size, ulong entrySize)
    {
        bool hasAddress = seen.Contains(addressTag), hasSize = seen.Contains(sizeTag);
        if (hasAddress != hasSize)
            throw new LoadException(Path, $"dynamic section has {TagName(hasAddress ? addressTag : sizeTag)} without {TagName(hasAddress ? sizeTag : addressTag)}");
        if (size % entrySize != 0)
            throw new LoadException(Path, $"dynamic section: {TagName(sizeTag)} 0x{size:x} is not a multiple of the entry size {entrySize}");
    }

    private static string TagName(long tag) => KnownTagName(tag) ?? $"tag 0x{tag:x}";

    /// <summary>The name of a tag the loader acts on; null for the others (DT_DEBUG and the like), which it ignores.</summary>
    private static string? KnownTagName(long tag) => tag switch
    {
        DT_NULL => "DT_NULL", DT_NEEDED => "DT_NEEDED", DT_PLTRELSZ => "DT_PLTRELSZ", DT_HASH => "DT_HASH",
        DT_STRTAB => "DT_STRTAB", DT_SYMTAB => "DT_SYMTAB", DT_RELA => "DT_RELA", DT_RELASZ => "DT_RELASZ",
        DT_RELAENT => "DT_RELAENT", DT_STRSZ => "DT_STRSZ", DT_SYMENT => "DT_SYMENT", DT_INIT => "DT_INIT",
        DT_FINI => "DT_FINI", DT_SONAME => "DT_SONAME", DT_RPATH => "DT_RPATH", DT_SYMBOLIC => "DT_SYMBOLIC",
        DT_REL => "DT_REL", DT_RELSZ => "DT_RELSZ", DT_PLTREL => "DT_PLTREL", DT_TEXTREL => "DT_TEXTREL",
        DT_JMPREL => "DT_JMPREL", DT_INIT_ARRAY => "DT_INIT_ARRAY", DT_FINI_ARRAY => "DT_FINI_ARRAY",
        DT_INIT_ARRAYSZ => "DT_INIT_ARRAYSZ", DT_FINI_ARRAYSZ => "DT_FINI_ARRAYSZ", DT_RUNPATH => "DT_RUNPATH",
        DT_FLAGS => "DT_FLAGS", DT_PREINIT_ARRAY => "DT_PREINIT_ARRAY", DT_PREINIT_ARRAYSZ => "DT_PREINIT_ARRAYSZ",
        DT_RELRSZ => "DT_RELRSZ", DT_RELR => "DT_RELR", DT_RELRENT => "DT_RELRENT", DT_GNU_HASH => "DT_GNU_HASH",
        DT_VERSYM => "DT_VERSYM", DT_FLAGS_1 => "DT_FLAGS_1", DT_VERDEF => "DT_VERDEF", DT_VERDEFNUM => "DT_VERDEFNUM",
        DT_VERNEED => "DT_VERNEED", DT_VERNEEDNUM => "DT_VERNEEDNUM",
        _ => null,
    };

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of the string table, as bytes without the NUL.</summary>
    public ReadOnlySpan<byte> StringBytes(ulong offset) => StringBytes(offset, null);

    /// <summary>As <see cref="StringBytes(ulong)"/>; <paramref name="what"/> (such as DT_NEEDED) names the string in an error.</summary>
    public ReadOnlySpan<byte> StringBytes(ulong offset, string? what)
    {
        string prefix = what == null ? "" : what + ": ";
        if (_strings == null) throw new LoadException(Path, $"{prefix}string offset 0x{offset:x}, but there is no string table (DT_STRTAB)");
        if (offset >= StrSize) throw new LoadException(Path, $"{prefix}string offset 0x{offset:x} is past the end of the string table (DT_STRSZ 0x{StrSize:x})");
        var rest = new ReadOnlySpan<byte>(_strings + offset, (int)Math.Min(StrSize - offset, MaxStringLength + 1));
        int nul = rest.IndexOf((byte)0);
        if (nul < 0 && rest.Length > MaxStringLength)
            throw new LoadException(Path, $"{prefix}string at offset 0x{offset:x} is longer than the limit of {MaxStringLength} bytes");
        if (nul < 0) throw new LoadException(Path, $"{prefix}string at offset 0x{offset:x} is not terminated within the string table");
        return rest[..nul];
    }

    /// <summary>
    /// Whether the string at <paramref name="offset"/> is exactly <paramref name="name"/>: compared in place
    /// (the hot path of symbol lookup), with no scan for its end. An out-of-range string never matches.
    /// </summary>
    public bool StringEquals(ulong offset, ReadOnlySpan<byte> name)
    {
        if (_strings == null || offset >= StrSize || (ulong)name.Length >= StrSize - offset) return false;
        byte* text = _strings + offset;
        return text[name.Length] == 0 && new ReadOnlySpan<byte>(text, name.Length).SequenceEqual(name);
    }

    /// <summary>A pointer to the NUL-terminated string (for passing to the host loader), already range-checked.</summary>
    public byte* StringPointer(ulong offset)
    {
        StringBytes(offset);
        return _strings + offset;
    }

    public string String(ulong offset) => System.Text.Encoding.UTF8.GetString(StringBytes(offset));

    public IEnumerable<string> Needed => NeededOffsets.Select(String);
    public string? Soname => SonameOffset is { } o ? String(o) : null;
    public string? Rpath => RpathOffset is { } o ? String(o) : null;
    public string? Runpath => RunpathOffset is { } o ? String(o) : null;
}
