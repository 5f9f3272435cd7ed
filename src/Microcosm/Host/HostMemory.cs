namespace Microcosm.Host;

/// <summary>Page protections the loader asks for; never writable and executable at once.</summary>
[Flags]
internal enum Protection { None = 0, Read = 1, Write = 2, Execute = 4 }

/// <summary>
/// Virtual memory on the host: reservations, file mappings over them, fresh pages and protections. The
/// loader, the thread blocks and the generated code get their memory here.
/// </summary>
internal abstract class HostMemory
{
    /// <summary>x86-64's page, on every host.</summary>
    public const int PageSize = 4096;

    public static ulong PageDown(ulong value) => value & ~(ulong)(PageSize - 1);
    public static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(ulong)(PageSize - 1);

    /// <summary>Reserves <paramref name="size"/> bytes of address space, inaccessible until mapped. With
    /// <paramref name="fixedAt"/> the range must be exactly there and free, or 0 is returned.</summary>
    public abstract nint Reserve(ulong size, ulong fixedAt, out string? error);

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="file"/> from <paramref name="offset"/> over part of
    /// a reservation (private, copy on write). With <paramref name="populate"/> every page is mapped now, in one
    /// call (and, if writable, copied now), rather than by one page fault at a time on first use.</summary>
    public abstract bool MapFile(nint address, ulong length, Protection protection, HostFile file, ulong offset, bool populate, out string? error);

    /// <summary>Maps fresh zero pages over part of a reservation; with <paramref name="populate"/> all of them now, in one
    /// call, for memory about to be written whole (a fork child's copy), rather than by a page fault each.</summary>
    public abstract bool MapZero(nint address, ulong length, Protection protection, out string? error, bool populate = false);

    /// <summary>Maps fresh read-write zero pages anywhere; throws <see cref="OutOfMemoryException"/> if it cannot.</summary>
    public abstract nint Allocate(ulong length);

    public abstract bool Protect(nint address, ulong length, Protection protection, out string? error);

    /// <summary>What is mapped now, with protections, to ask about several ranges at once (fork asks about every
    /// mapping of the guest).</summary>
    public abstract IMappedRegions Snapshot();

    /// <summary>Unmaps a range (a reservation, or pages from <see cref="Allocate"/>); nothing for an empty one.</summary>
    public abstract void Release(nint address, ulong length);
}

/// <summary>A run of pages with one protection (<see cref="IMappedRegions.Within"/>).</summary>
internal readonly record struct MappedRegion(nint Start, ulong Length, Protection Protection)
{
    public nint End => Start + (nint)Length;
}

/// <summary>A view of the host's mappings (<see cref="HostMemory.Snapshot"/>).</summary>
internal interface IMappedRegions
{
    /// <summary>The mapped parts of [<paramref name="start"/>, + <paramref name="length"/>), in address order; unmapped
    /// gaps are left out.</summary>
    List<MappedRegion> Within(nint start, ulong length);
}
