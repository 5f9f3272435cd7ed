using Microcosm.Host.Posix;

namespace Microcosm.Host;

/// <summary>Page protections the loader asks for; never writable and executable at once.</summary>
[Flags]
internal enum Protection { None = 0, Read = 1, Write = 2, Execute = 4 }

/// <summary>
/// Virtual memory on the host: reservations, file mappings and protections. One place so that a
/// Windows implementation can stand beside the POSIX one.
/// </summary>
internal static class HostMemory
{
    public const int PageSize = 4096;

    public static ulong PageDown(ulong value) => value & ~(ulong)(PageSize - 1);
    public static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(ulong)(PageSize - 1);

    /// <summary>Reserves <paramref name="size"/> bytes of address space, inaccessible until mapped. With
    /// <paramref name="fixedAt"/> the range must be exactly there and free, or null is returned.</summary>
    public static nint Reserve(ulong size, ulong fixedAt, out string? error)
    {
        int flags = LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE;
        if (fixedAt != 0) flags |= LibC.MAP_FIXED_NOREPLACE;
        nint address = LibC.mmap((nint)fixedAt, (nuint)size, LibC.PROT_NONE, flags, -1, 0);
        if (address == LibC.MAP_FAILED)
        {
            error = PosixError.Last();
            return 0;
        }
        if (fixedAt != 0 && (ulong)address != fixedAt)
        {
            // Kernels before 4.17 ignore MAP_FIXED_NOREPLACE and treat the address as a hint.
            LibC.munmap(address, (nuint)size);
            error = "the address range is already in use";
            return 0;
        }
        error = null;
        return address;
    }

    /// <summary>Maps <paramref name="length"/> bytes of a file over part of a reservation (private, copy on write).
    /// With <paramref name="populate"/> every page is mapped now, in one call (and, if writable, copied now),
    /// rather than by one page fault at a time on first use.</summary>
    public static bool MapFile(nint address, ulong length, Protection protection, int fd, ulong offset, bool populate, out string? error)
    {
        int flags = LibC.MAP_PRIVATE | LibC.MAP_FIXED | (populate ? LibC.MAP_POPULATE : 0);
        nint result = LibC.mmap(address, (nuint)length, (int)protection, flags, fd, (long)offset);
        error = result == LibC.MAP_FAILED ? PosixError.Last() : null;
        return error == null;
    }

    /// <summary>Maps fresh zero pages over part of a reservation.</summary>
    public static bool MapZero(nint address, ulong length, Protection protection, out string? error)
    {
        nint result = LibC.mmap(address, (nuint)length, (int)protection,
            LibC.MAP_PRIVATE | LibC.MAP_FIXED | LibC.MAP_ANONYMOUS, -1, 0);
        error = result == LibC.MAP_FAILED ? PosixError.Last() : null;
        return error == null;
    }

    /// <summary>Maps fresh read-write zero pages anywhere.</summary>
    public static nint Allocate(ulong length)
    {
        nint result = LibC.mmap(0, (nuint)length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (result == LibC.MAP_FAILED) throw new OutOfMemoryException($"mmap of {length} bytes failed: {PosixError.Last()}");
        return result;
    }

    public static bool Protect(nint address, ulong length, Protection protection, out string? error)
    {
        error = LibC.mprotect(address, (nuint)length, (int)protection) == 0 ? null : PosixError.Last();
        return error == null;
    }

    public static void Release(nint address, ulong length)
    {
        if (address != 0 && length != 0) LibC.munmap(address, (nuint)length);
    }
}
