using Microcosm.Host;
using Microcosm.Syscalls;

namespace Microcosm.Threads;

/// <summary>
/// Thread structures: one fixed-size block per thread, reserved at its maximum size so that it never
/// moves. The first 64 bytes are the header (0: self pointer, 8: tid, the rest reserved for the core);
/// -8 hands out regions after it, the same offset in every thread, zero-filled.
/// </summary>
internal sealed unsafe class ThreadStructures
{
    public const int HeaderSize = 64;
    /// <summary>The documented maximum: a thread structure, header included, never exceeds 64 KiB.</summary>
    public const int MaxSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly HashSet<nint> _live = [];
    private int _used = HeaderSize;

    public int Live
    {
        get { lock (_gate) return _live.Count; }
    }

    public int Used
    {
        get { lock (_gate) return _used; }
    }

    public nint Allocate(long tid)
    {
        // Untouched pages of the mapping cost nothing; fresh anonymous memory is already zero.
        nint block = HostMemory.Allocate(MaxSize);
        *(nint*)block = block;
        *(long*)(block + 8) = tid;
        lock (_gate) _live.Add(block);
        return block;
    }

    public void Free(nint block)
    {
        lock (_gate)
            if (!_live.Remove(block)) return;
        HostMemory.Release(block, MaxSize);
    }

    /// <summary>-8: a new region of <paramref name="size"/> bytes aligned to <paramref name="align"/> (0 = 16) in every structure.</summary>
    public nint Expand(long size, long align)
    {
        if (align == 0) align = 16;
        if (size < 0 || align < 0 || (align & (align - 1)) != 0 || align > MaxSize) return -Errno.EINVAL;
        lock (_gate)
        {
            long offset = (_used + align - 1) & ~(align - 1);
            if (size > MaxSize - offset) return -Errno.ENOMEM;
            // Guests may have scribbled past the end; the new region is zero in every thread, existing and future.
            foreach (var block in _live) new Span<byte>((void*)(block + (nint)offset), (int)size).Clear();
            _used = (int)(offset + size);
            return (nint)offset;
        }
    }

    public void FreeAll()
    {
        lock (_gate)
        {
            foreach (var block in _live) HostMemory.Release(block, MaxSize);
            _live.Clear();
        }
    }
}
