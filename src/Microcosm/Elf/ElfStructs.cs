using System.Runtime.InteropServices;

namespace Microcosm.Elf;

// Layouts of the ELF64 records the loader reads, exactly as in the gABI.

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Phdr
{
    public uint Type, Flags;
    public ulong Offset, VAddr, PAddr, FileSize, MemSize, Align;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Dyn
{
    public long Tag;
    public ulong Value;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Sym
{
    public uint Name;
    public byte Info, Other;
    public ushort Section;
    public ulong Value, Size;

    public readonly byte Binding => (byte)(Info >> 4);
    public readonly byte Type => (byte)(Info & 0xf);
    public readonly byte Visibility => (byte)(Other & 3);
    public readonly bool IsDefined => Section != ElfConstants.SHN_UNDEF;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Rela
{
    public ulong Offset, Info;
    public long Addend;

    public readonly uint Symbol => (uint)(Info >> 32);
    public readonly uint Type => (uint)Info;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Verdef
{
    public ushort Version, Flags, Index, AuxCount;
    public uint Hash, Aux, Next;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Verdaux
{
    public uint Name, Next;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Verneed
{
    public ushort Version, AuxCount;
    public uint File, Aux, Next;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Elf64Vernaux
{
    public uint Hash;
    public ushort Flags, Other;
    public uint Name, Next;
}
