using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>What the dynamic section (PT_DYNAMIC) says about an object, with its string table checked.</summary>
internal sealed unsafe class DynamicInfo
{
    public const int MaxEntries = 1 << 16;

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

    public static DynamicInfo Read(ElfAddressSpace space, in Elf64Phdr dynamic)
    {
        var info = new DynamicInfo();
        ulong count = Math.Min(dynamic.MemSize / DynSize, MaxEntries);
        var entries = space.Array<Elf64Dyn>(dynamic.VAddr, count, "dynamic section");
        bool terminated = false;
        for (ulong i = 0; i < count && !terminated; i++)
        {
            ulong v = entries[i].Value;
            switch (entries[i].Tag)
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
        if ((info.Flags & DF_TEXTREL) != 0) info.TextRel = true;
        if ((info.Flags & DF_SYMBOLIC) != 0) info.Symbolic = true;

        if (info.StrTab != 0)
        {
            if (info.StrSize == 0) throw new ElfFormatException("dynamic section has DT_STRTAB without DT_STRSZ");
            info._strings = space.Resolve(info.StrTab, info.StrSize, "dynamic string table");
        }
        else if (info.NeededOffsets.Count > 0 || info.SonameOffset != null || info.SymTab != 0)
            throw new ElfFormatException("dynamic section has no string table (DT_STRTAB)");
        if (info.SymTab != 0 && info.SymEnt != SymSize) throw new ElfFormatException($"unsupported DT_SYMENT {info.SymEnt}");
        if (info.Rela != 0 && info.RelaEnt != ElfConstants.RelaSize) throw new ElfFormatException($"unsupported DT_RELAENT {info.RelaEnt}");
        if (info.Relr != 0 && info.RelrEnt != 8) throw new ElfFormatException($"unsupported DT_RELRENT {info.RelrEnt}");
        if (info.JmpRel != 0 && info.PltRel != (ulong)DT_RELA) throw new ElfFormatException("DT_PLTREL is not DT_RELA (x86-64 uses RELA relocations)");
        return info;
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of the string table, as bytes without the NUL.</summary>
    public ReadOnlySpan<byte> StringBytes(ulong offset)
    {
        if (_strings == null || offset >= StrSize) throw new ElfFormatException($"string offset 0x{offset:x} is outside the string table (0x{StrSize:x} bytes)");
        var rest = new ReadOnlySpan<byte>(_strings + offset, (int)Math.Min(StrSize - offset, int.MaxValue));
        int nul = rest.IndexOf((byte)0);
        if (nul < 0) throw new ElfFormatException($"string at offset 0x{offset:x} is not terminated within the string table");
        return rest[..nul];
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
