namespace Microcosm.Host.Posix;

/// <summary>Virtual memory with mmap, mprotect and munmap (Linux values). <see cref="Protection"/>'s values are
/// PROT_READ, PROT_WRITE and PROT_EXEC.</summary>
internal sealed class PosixMemory : HostMemory
{
    public override nint Reserve(ulong size, ulong fixedAt, out string? error)
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

    public override bool MapFile(nint address, ulong length, Protection protection, HostFile file, ulong offset, bool populate, out string? error)
    {
        int flags = LibC.MAP_PRIVATE | LibC.MAP_FIXED | (populate ? LibC.MAP_POPULATE : 0);
        nint result = LibC.mmap(address, (nuint)length, (int)protection, flags, ((PosixFile)file).Descriptor, (long)offset);
        error = result == LibC.MAP_FAILED ? PosixError.Last() : null;
        return error == null;
    }

    public override bool MapZero(nint address, ulong length, Protection protection, out string? error, bool populate = false)
    {
        nint result = LibC.mmap(address, (nuint)length, (int)protection,
            LibC.MAP_PRIVATE | LibC.MAP_FIXED | LibC.MAP_ANONYMOUS | (populate ? LibC.MAP_POPULATE : 0), -1, 0);
        error = result == LibC.MAP_FAILED ? PosixError.Last() : null;
        return error == null;
    }

    public override nint Allocate(ulong length)
    {
        nint result = LibC.mmap(0, (nuint)length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (result == LibC.MAP_FAILED) throw new OutOfMemoryException($"mmap of {length} bytes failed: {PosixError.Last()}");
        return result;
    }

    public override bool Protect(nint address, ulong length, Protection protection, out string? error)
    {
        error = LibC.mprotect(address, (nuint)length, (int)protection) == 0 ? null : PosixError.Last();
        return error == null;
    }

    public override void Release(nint address, ulong length)
    {
        if (address != 0 && length != 0) LibC.munmap(address, (nuint)length);
    }

    /// <summary>From /proc/self/maps, the kernel's own list (it also shows what the guest mapped through the modules),
    /// read once: a process running .NET has hundreds of lines. The kernel gives it a page per read, and another thread's
    /// mmap between two reads can make a line be skipped: a caller that needs a range whole checks it (Cosmos.Fork).</summary>
    public override IMappedRegions Snapshot()
    {
        var all = new List<MappedRegion>();
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            if (dash < 0 || space < dash || line.Length < space + 4) continue;
            ulong low = Convert.ToUInt64(line[..dash], 16), high = Convert.ToUInt64(line[(dash + 1)..space], 16);
            var protection = (line[space + 1] == 'r' ? Protection.Read : 0) | (line[space + 2] == 'w' ? Protection.Write : 0)
                | (line[space + 3] == 'x' ? Protection.Execute : 0);
            all.Add(new MappedRegion((nint)low, high - low, protection));
        }
        return new SortedRegions(all);
    }

    /// <summary>The kernel lists mappings in address order: a binary search finds the first that a range reaches.</summary>
    private sealed class SortedRegions(List<MappedRegion> all) : IMappedRegions
    {
        public List<MappedRegion> Within(nint start, ulong length)
        {
            var found = new List<MappedRegion>();
            nint end = start + (nint)length;
            int low = 0, high = all.Count;
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (all[mid].End <= start) low = mid + 1;
                else high = mid;
            }
            for (int i = low; i < all.Count && all[i].Start < end; i++)
            {
                nint a = Math.Max(all[i].Start, start), b = Math.Min(all[i].End, end);
                found.Add(new MappedRegion(a, (ulong)(b - a), all[i].Protection));
            }
            return found;
        }
    }
}
