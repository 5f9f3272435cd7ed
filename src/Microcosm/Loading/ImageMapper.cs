using Microcosm.Elf;
using Microcosm.Host;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Loading;

/// <summary>Where an object landed: the reservation covering all its segments, and its load bias.</summary>
internal readonly record struct MappedImage(nint Reservation, ulong Span, nint Base);

/// <summary>
/// Maps an object's PT_LOAD segments: one reservation for the whole object, each segment mapped from
/// the file (not copied) with its own protection, the bss zeroed.
/// </summary>
internal static unsafe class ImageMapper
{
    /// <summary>Maps the object in a reservation of its own, or with <paramref name="placed"/> in that one, which the caller
    /// reserved for it (a fork child places every object where the parent had it).</summary>
    public static MappedImage Map(HostFile file, ElfFile elf, nint placed = 0)
    {
        ulong span = elf.MaxAddress - elf.MinAddress;
        bool fixedAddress = elf.Type == ET_EXEC;
        string? error = null;
        nint reservation = placed != 0 ? placed : HostPlatform.Memory.Reserve(span, fixedAddress ? elf.MinAddress : 0, out error);
        if (reservation == 0)
            throw new LoadException(file.Path, fixedAddress
                ? $"cannot map ET_EXEC executable at its fixed address 0x{elf.MinAddress:x}-0x{elf.MaxAddress:x}: {error}"
                : $"cannot reserve 0x{span:x} bytes of address space: {error}");
        nint bias = fixedAddress ? 0 : reservation - (nint)elf.MinAddress;
        try
        {
            foreach (var segment in elf.LoadSegments) MapSegment(file, segment, bias);
        }
        catch
        {
            HostPlatform.Memory.Release(reservation, span);
            throw;
        }
        return new MappedImage(reservation, span, bias);
    }

    private static void MapSegment(HostFile file, in Elf64Phdr segment, nint bias)
    {
        var protection = ToProtection(segment.Flags);
        ulong start = HostMemory.PageDown(segment.VAddr);
        ulong fileEnd = segment.VAddr + segment.FileSize;
        ulong memEnd = segment.VAddr + segment.MemSize;
        string? error;
        if (segment.FileSize > 0)
        {
            ulong length = HostMemory.PageUp(fileEnd) - start;
            // The segments without code hold what loading reads and writes at once: the dynamic section,
            // symbol, string, hash and relocation tables, the GOT and the relocated data. Mapped page by page
            // on first use, each page costs a fault, and a written page often two (a read fault maps it with
            // its neighbours, then the write copies it and flushes the old mapping from every CPU): populated
            // here, they cost one call. Code is left to fault in as it runs, as is the bss.
            bool populate = (segment.Flags & PF_X) == 0;
            if (!HostPlatform.Memory.MapFile(bias + (nint)start, length, protection, file, HostMemory.PageDown(segment.Offset), populate, out error))
                throw new LoadException(file.Path, $"cannot map segment at 0x{segment.VAddr:x}: {error}");
            // The rest of the last file page belongs to the bss: it must read as zero.
            ulong partialEnd = Math.Min(HostMemory.PageUp(fileEnd), memEnd);
            if (memEnd > fileEnd && partialEnd > fileEnd)
                ZeroInPlace(file, bias, fileEnd, partialEnd, start, length, protection);
        }
        ulong zeroStart = segment.FileSize > 0 ? HostMemory.PageUp(fileEnd) : start;
        ulong zeroEnd = HostMemory.PageUp(memEnd);
        if (zeroEnd > zeroStart && !HostPlatform.Memory.MapZero(bias + (nint)zeroStart, zeroEnd - zeroStart, protection, out error))
            throw new LoadException(file.Path, $"cannot map bss at 0x{zeroStart:x}: {error}");
    }

    private static void ZeroInPlace(HostFile file, nint bias, ulong from, ulong to, ulong mapStart, ulong mapLength, Protection protection)
    {
        bool writable = (protection & Protection.Write) != 0;
        nint page = bias + (nint)HostMemory.PageDown(from);
        string? error;
        if (!writable && !HostPlatform.Memory.Protect(page, HostMemory.PageSize, Protection.Read | Protection.Write, out error))
            throw new LoadException(file.Path, $"cannot prepare bss at 0x{from:x}: {error}");
        new Span<byte>((void*)(bias + (nint)from), (int)(to - from)).Clear();
        if (!writable && !HostPlatform.Memory.Protect(page, HostMemory.PageSize, protection, out error))
            throw new LoadException(file.Path, $"cannot protect bss at 0x{from:x}: {error}");
    }

    public static Protection ToProtection(uint flags) =>
        ((flags & PF_R) != 0 ? Protection.Read : 0) | ((flags & PF_W) != 0 ? Protection.Write : 0) | ((flags & PF_X) != 0 ? Protection.Execute : 0);

    /// <summary>Makes PT_GNU_RELRO read-only once relocation is done.</summary>
    public static void ProtectRelro(GuestObject obj)
    {
        if (obj.File.Relro is not { } relro) return;
        ulong start = HostMemory.PageDown((ulong)obj.Base + relro.VAddr);
        ulong end = HostMemory.PageDown((ulong)obj.Base + relro.VAddr + relro.MemSize);
        if (end > start && !HostPlatform.Memory.Protect((nint)start, end - start, Protection.Read, out string? error))
            throw new LoadException(obj.Path, $"cannot make RELRO read-only: {error}");
    }
}
