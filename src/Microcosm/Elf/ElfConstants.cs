namespace Microcosm.Elf;

/// <summary>ELF64 x86-64 constants used by the reader and the loader (names as in the gABI and psABI).</summary>
internal static class ElfConstants
{
    public const byte ELFCLASS32 = 1, ELFCLASS64 = 2;
    public const byte ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    public const ushort ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public const ushort EM_X86_64 = 62;

    public const uint PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7;
    public const uint PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552;
    public const uint PF_X = 1, PF_W = 2, PF_R = 4;

    public const long DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3, DT_HASH = 4, DT_STRTAB = 5,
        DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_STRSZ = 10, DT_SYMENT = 11, DT_INIT = 12,
        DT_FINI = 13, DT_SONAME = 14, DT_RPATH = 15, DT_SYMBOLIC = 16, DT_REL = 17, DT_RELSZ = 18, DT_RELENT = 19,
        DT_PLTREL = 20, DT_DEBUG = 21, DT_TEXTREL = 22, DT_JMPREL = 23, DT_BIND_NOW = 24, DT_INIT_ARRAY = 25,
        DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27, DT_FINI_ARRAYSZ = 28, DT_RUNPATH = 29, DT_FLAGS = 30,
        DT_PREINIT_ARRAY = 32, DT_PREINIT_ARRAYSZ = 33, DT_RELRSZ = 35, DT_RELR = 36, DT_RELRENT = 37,
        DT_GNU_HASH = 0x6ffffef5, DT_VERSYM = 0x6ffffff0, DT_FLAGS_1 = 0x6ffffffb, DT_VERDEF = 0x6ffffffc,
        DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe, DT_VERNEEDNUM = 0x6fffffff;

    public const ulong DF_SYMBOLIC = 0x2, DF_TEXTREL = 0x4, DF_BIND_NOW = 0x8, DF_STATIC_TLS = 0x10;

    public const byte STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STB_GNU_UNIQUE = 10;
    public const byte STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5,
        STT_TLS = 6, STT_GNU_IFUNC = 10;
    public const byte STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;
    public const ushort SHN_UNDEF = 0, SHN_ABS = 0xfff1;

    public const ushort VER_NDX_LOCAL = 0, VER_NDX_GLOBAL = 1, VERSYM_HIDDEN = 0x8000;
    public const ushort VER_FLG_BASE = 1, VER_FLG_WEAK = 2;

    public const int EhdrSize = 64, PhdrSize = 56, DynSize = 16, SymSize = 24, RelaSize = 24;

    public static string MachineName(ushort machine) => machine switch
    {
        0 => "none", 3 => "x86 (i386)", 8 => "MIPS", 20 => "PowerPC", 21 => "PowerPC64", 40 => "ARM",
        43 => "SPARC V9", 50 => "IA-64", 62 => "x86-64", 183 => "AArch64", 243 => "RISC-V", 258 => "LoongArch",
        _ => $"machine {machine}",
    };

    public static string TypeName(ushort type) => type switch
    {
        ET_REL => "ET_REL (relocatable object)", ET_EXEC => "ET_EXEC (executable)", ET_DYN => "ET_DYN (shared object or PIE)",
        ET_CORE => "ET_CORE (core dump)", _ => $"type {type}",
    };
}
