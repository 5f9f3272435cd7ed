using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>
/// Turns virtual addresses in an object (as the dynamic section names them) into pointers, with the
/// range checked: either into the mapped image (base + address) or, before anything is mapped, into
/// the file. Everything the reader derives from the dynamic section goes through here, so a lying
/// address is an error, not a fault. Either way only a segment's file contents count: every table the
/// dynamic section names is file data, and one that reached into a segment's zero-filled tail would
/// be a table cut short (read as R_X86_64_NONE relocations, say, it would silently do nothing).
/// </summary>
internal sealed unsafe class ElfAddressSpace
{
    private readonly byte* _origin;
    private readonly (ulong Start, ulong Size, ulong Delta)[] _ranges;
    private readonly string _rangesAre;

    private ElfAddressSpace(string path, byte* origin, (ulong, ulong, ulong)[] ranges, string rangesAre)
    {
        Path = path; _origin = origin; _ranges = ranges; _rangesAre = rangesAre;
    }

    /// <summary>The object's file, which every error of the tables read through here names.</summary>
    public string Path { get; }

    /// <summary>Addresses resolve to <paramref name="loadBase"/> + address within each readable segment
    /// (one without PF_R is mapped inaccessible: reading it would fault).</summary>
    public static ElfAddressSpace ForImage(ElfFile file, byte* loadBase) =>
        new(file.Path, loadBase, file.LoadSegments.Where(s => (s.Flags & PF_R) != 0).Select(s => (s.VAddr, s.FileSize, 0UL)).ToArray(),
            "the file contents of the readable (PF_R) segments");

    /// <summary>Addresses resolve into the file contents, within each segment's file size.</summary>
    public static ElfAddressSpace ForFile(ElfFile file, byte* contents) =>
        new(file.Path, contents, file.LoadSegments.Select(s => (s.VAddr, s.FileSize, s.VAddr - s.Offset)).ToArray(), "the file contents of the loadable segments");

    /// <summary>A pointer to <paramref name="size"/> readable bytes at <paramref name="address"/>, or an error naming <paramref name="what"/>.</summary>
    public byte* Resolve(ulong address, ulong size, string what)
    {
        foreach (var (start, length, delta) in _ranges)
            if (address >= start && address - start <= length && size <= length - (address - start))
                return _origin + (address - delta);
        throw new LoadException(Path, $"{what} at 0x{address:x} (0x{size:x} bytes) lies outside {_rangesAre}");
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
        if (count > ElfFile.MaxImageSpan / (ulong)sizeof(T)) throw new LoadException(Path, $"{what}: count {count} is out of range");
        // Every ELF table is aligned for its widest field (8 bytes at most, the largest power of two
        // dividing the record size). A misaligned address is a damaged one that would otherwise read
        // plausible garbage out of the middle of the real table.
        ulong alignment = (ulong)Math.Min(sizeof(T) & -sizeof(T), 8);
        if (address % alignment != 0) throw new LoadException(Path, $"{what} at 0x{address:x} is not aligned to {alignment} bytes");
        return (T*)Resolve(address, count * (ulong)sizeof(T), what);
    }
}
