using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Virtual memory with VirtualAlloc. Windows places reservations on 64 KiB boundaries, cannot map a file's
/// pages at an arbitrary 4 KiB address inside one, and frees a reservation only whole. So a reservation is
/// tracked (its base and size), the loader's file segments are <em>read</em> into committed pages of it rather
/// than mapped, and releasing part of one decommits those pages (they stay reserved, inaccessible) while
/// releasing all of it frees it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsMemory : HostMemory
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<ulong, ulong> _reservations = [];   // base -> size

    public override nint Reserve(ulong size, ulong fixedAt, out string? error)
    {
        nint address = VirtualAlloc((nint)fixedAt, (nuint)size, MEM_RESERVE, PAGE_NOACCESS);
        if (address == 0)
        {
            error = fixedAt != 0 ? $"the address range at 0x{fixedAt:x} is not free ({LastError()})" : LastError();
            return 0;
        }
        if (fixedAt != 0 && (ulong)address != fixedAt)
        {
            // A fixed address that is not on a 64 KiB boundary: Windows reserves from the boundary below it.
            VirtualFree(address, 0, MEM_RELEASE);
            error = $"0x{fixedAt:x} is not on a 64 KiB boundary, where Windows places reservations";
            return 0;
        }
        lock (_gate) _reservations[(ulong)address] = size;
        error = null;
        return address;
    }

    public override bool MapFile(nint address, ulong length, Protection protection, HostFile file, ulong offset, bool populate, out string? error)
    {
        if (!Commit(address, length, out error)) return false;
        ulong available = offset < file.Length ? Math.Min(length, file.Length - offset) : 0;
        for (ulong done = 0; done < available;)
        {
            int chunk = (int)Math.Min(available - done, 1u << 30);
            if (!file.ReadAt(offset + done, new Span<byte>((byte*)address + done, chunk), out error)) return false;
            done += (ulong)chunk;
        }
        return Protect(address, length, protection, out error);
    }

    public override bool MapZero(nint address, ulong length, Protection protection, out string? error, bool populate = false) =>
        Commit(address, length, out error) && Protect(address, length, protection, out error);

    /// <summary>Fresh zero pages: what was committed there before is decommitted first (committing committed pages keeps their contents).</summary>
    private static bool Commit(nint address, ulong length, out string? error)
    {
        VirtualFree(address, (nuint)length, MEM_DECOMMIT);
        error = VirtualAlloc(address, (nuint)length, MEM_COMMIT, PAGE_READWRITE) == 0 ? LastError() : null;
        return error == null;
    }

    public override nint Allocate(ulong length)
    {
        nint address = VirtualAlloc(0, (nuint)length, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (address == 0) throw new OutOfMemoryException($"VirtualAlloc of {length} bytes failed: {LastError()}");
        lock (_gate) _reservations[(ulong)address] = length;
        return address;
    }

    public override bool Protect(nint address, ulong length, Protection protection, out string? error)
    {
        uint old;
        error = VirtualProtect(address, (nuint)length, PageProtection(protection), &old) ? null : LastError();
        return error == null;
    }

    /// <summary>Frees every reservation the range covers whole and decommits the pages of those it covers in part.</summary>
    public override void Release(nint address, ulong length)
    {
        if (address == 0 || length == 0) return;
        ulong start = (ulong)address, end = start + length;
        var whole = new List<ulong>();
        var partial = new List<(ulong, ulong)>();
        lock (_gate)
        {
            foreach (var (reservation, size) in _reservations)
            {
                if (reservation >= end) break;
                if (reservation + size <= start) continue;
                if (reservation >= start && reservation + size <= end) whole.Add(reservation);
                else partial.Add((Math.Max(start, reservation), Math.Min(end, reservation + size)));
            }
            foreach (ulong reservation in whole) _reservations.Remove(reservation);
        }
        foreach (ulong reservation in whole) VirtualFree((nint)reservation, 0, MEM_RELEASE);
        foreach (var (from, to) in partial) VirtualFree((nint)from, (nuint)(to - from), MEM_DECOMMIT);
    }

    /// <summary>On Windows, the allocations holding the ranges, each whole: an allocation is reserved, and freed, only
    /// whole, and the child's must match the parent's for the loader and the memory module to free them as they
    /// would here.</summary>
    public override List<(nint Start, ulong Length)> ReservationsHolding(IEnumerable<(nint Start, ulong Length)> ranges)
    {
        var found = new SortedDictionary<nint, ulong>();
        MemoryBasicInformation info;
        foreach (var (start, length) in ranges)
            for (nint at = start, end = start + (nint)length; at < end; at = info.BaseAddress + (nint)info.RegionSize)
            {
                if (VirtualQuery(at, &info, (nuint)sizeof(MemoryBasicInformation)) == 0) break;
                if (info.State != MEM_FREE && !found.ContainsKey(info.AllocationBase)) found[info.AllocationBase] = AllocationSize(info.AllocationBase);
            }
        return [.. found.Select(f => (f.Key, f.Value))];
    }

    /// <summary>The extent of the allocation at <paramref name="allocationBase"/>: its regions, walked.</summary>
    private static ulong AllocationSize(nint allocationBase)
    {
        MemoryBasicInformation info;
        nint at = allocationBase;
        while (VirtualQuery(at, &info, (nuint)sizeof(MemoryBasicInformation)) != 0 && info.AllocationBase == allocationBase && info.State != MEM_FREE)
            at = info.BaseAddress + (nint)info.RegionSize;
        return (ulong)(at - allocationBase);
    }

    /// <summary>A reservation the parent made here before this process ran (VirtualAllocEx into the suspended child,
    /// <see cref="WindowsProcess.StartSuspendedChild"/>) is taken over as this process's own; else the range is reserved.</summary>
    public override bool Claim(nint start, ulong length)
    {
        MemoryBasicInformation info;
        if (VirtualQuery(start, &info, (nuint)sizeof(MemoryBasicInformation)) != 0 && info.State == MEM_RESERVE && info.Type == MEM_PRIVATE
            && info.AllocationBase == start && (ulong)info.RegionSize == length)
        {
            lock (_gate) _reservations[(ulong)start] = length;
            return true;
        }
        return Reserve(length, (ulong)start, out _) != 0;
    }

    public static uint PageProtection(Protection protection) => protection switch
    {
        Protection.None => PAGE_NOACCESS,
        Protection.Read => PAGE_READONLY,
        Protection.Execute => PAGE_EXECUTE,
        Protection.Read | Protection.Execute => PAGE_EXECUTE_READ,
        _ when protection.HasFlag(Protection.Execute) => PAGE_EXECUTE_READWRITE,
        _ => PAGE_READWRITE,
    };

    /// <summary>VirtualQuery answers for one range at a time, cheaply: the snapshot asks it when asked.</summary>
    public override IMappedRegions Snapshot() => new Queried();

    private sealed class Queried : IMappedRegions
    {
        public List<MappedRegion> Within(nint start, ulong length) => Query(start, length);
    }

    /// <summary>From VirtualQuery: committed pages, with their protection (reserved ones are left out, as unmapped).</summary>
    private static List<MappedRegion> Query(nint start, ulong length)
    {
        var found = new List<MappedRegion>();
        nint end = start + (nint)length;
        MemoryBasicInformation info;
        for (nint at = start; at < end; at = info.BaseAddress + (nint)info.RegionSize)
        {
            if (VirtualQuery(at, &info, (nuint)sizeof(MemoryBasicInformation)) == 0) break;
            if (info.State != MEM_COMMIT) continue;
            nint a = Math.Max(at, info.BaseAddress), b = Math.Min(end, info.BaseAddress + (nint)info.RegionSize);
            found.Add(new MappedRegion(a, (ulong)(b - a), FromWindows(info.Protect)));
        }
        return found;
    }

    /// <summary>A guard page (PAGE_GUARD: a stack's, WindowsFaults) counts as inaccessible: reading it would raise, and a
    /// copy of it (a fork child's stack) must stop a runaway recursion as the original would.</summary>
    private static Protection FromWindows(uint protect) => (protect & PAGE_GUARD) != 0 ? Protection.None : (protect & 0xff) switch
    {
        PAGE_READONLY => Protection.Read,
        PAGE_READWRITE or 0x08 /* PAGE_WRITECOPY */ => Protection.Read | Protection.Write,
        PAGE_EXECUTE => Protection.Execute,
        PAGE_EXECUTE_READ => Protection.Read | Protection.Execute,
        PAGE_EXECUTE_READWRITE or 0x80 /* PAGE_EXECUTE_WRITECOPY */ => Protection.Read | Protection.Write | Protection.Execute,
        _ => Protection.None,
    };
}
