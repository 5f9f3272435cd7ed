using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>
/// Turns virtual addresses in an object (as the dynamic section names them) into pointers, with the
/// range checked: either into the mapped image (base + address, within a segment's memory size) or,
/// before anything is mapped, into the file (within a segment's file size). Everything the reader
/// derives from the dynamic section goes through here, so a lying address is an error, not a fault.
/// </summary>
internal sealed unsafe class ElfAddressSpace
{
    private readonly byte* _origin;
    private readonly (ulong Start, ulong Size, ulong Delta)[] _ranges;

    private ElfAddressSpace(byte* origin, (ulong, ulong, ulong)[] ranges) { _origin = origin; _ranges = ranges; }

    /// <summary>Addresses resolve to <paramref name="loadBase"/> + address within each segment's memory size.</summary>
    public static ElfAddressSpace ForImage(ElfFile file, byte* loadBase) =>
        new(loadBase, file.LoadSegments.Select(s => (s.VAddr, s.MemSize, 0UL)).ToArray());

    /// <summary>Addresses resolve into the file contents, within each segment's file size.</summary>
    public static ElfAddressSpace ForFile(ElfFile file, byte* contents) =>
        new(contents, file.LoadSegments.Select(s => (s.VAddr, s.FileSize, s.VAddr - s.Offset)).ToArray());

    /// <summary>A pointer to <paramref name="size"/> readable bytes at <paramref name="address"/>, or an error naming <paramref name="what"/>.</summary>
    public byte* Resolve(ulong address, ulong size, string what)
    {
        foreach (var (start, length, delta) in _ranges)
            if (address >= start && address - start <= length && size <= length - (address - start))
                return _origin + (address - delta);
        throw new ElfFormatException($"{what} at 0x{address:x} (0x{size:x} bytes) lies outside the loaded segments");
    }

    /// <summary>How many bytes can be read from <paramref name="address"/> to the end of its segment (0 if none).</summary>
    public ulong Available(ulong address)
    {
        foreach (var (start, length, _) in _ranges)
            if (address >= start && address - start < length) return length - (address - start);
        return 0;
    }

    public T Read<T>(ulong address, string what) where T : unmanaged =>
        System.Runtime.CompilerServices.Unsafe.ReadUnaligned<T>(Resolve(address, (ulong)sizeof(T), what));

    /// <summary>The array of <paramref name="count"/> records at <paramref name="address"/>.</summary>
    public T* Array<T>(ulong address, ulong count, string what) where T : unmanaged
    {
        if (count > ElfFile.MaxImageSpan / (ulong)sizeof(T)) throw new ElfFormatException($"{what}: count {count} is out of range");
        return (T*)Resolve(address, count * (ulong)sizeof(T), what);
    }
}
