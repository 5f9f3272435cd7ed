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

    /// <summary>The reservations a fork child makes to hold <paramref name="ranges"/> of this process where they are
    /// here: on this host the ranges themselves, by page, overlapping and adjacent ones merged (any run of pages can
    /// be reserved), in address order.</summary>
    public virtual List<(nint Start, ulong Length)> ReservationsHolding(IEnumerable<(nint Start, ulong Length)> ranges)
    {
        var merged = new List<(nint Start, ulong Length)>();
        foreach (var (start, length) in ranges.Where(r => r.Length > 0).OrderBy(r => r.Start))
        {
            nint s = (nint)PageDown((ulong)start), e = (nint)PageUp((ulong)start + length);
            if (merged.Count > 0 && merged[^1].Start + (nint)merged[^1].Length >= s)
            {
                var last = merged[^1];
                merged[^1] = (last.Start, (ulong)(Math.Max(last.Start + (nint)last.Length, e) - last.Start));
            }
            else merged.Add((s, (ulong)(e - s)));
        }
        return merged;
    }

    /// <summary>Takes one of <see cref="ReservationsHolding"/>'s ranges in a fork child, before anything else can:
    /// reserves it, or takes over the reservation the parent made there for this process before it ran. False if
    /// anything else holds part of it.</summary>
    public virtual bool Claim(nint start, ulong length) => Reserve(length, (ulong)start, out _) != 0;
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
