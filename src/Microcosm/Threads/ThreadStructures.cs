using System.Runtime.InteropServices;
using Microcosm.Faults;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// The native memory of an instance's threads: for each thread a <see cref="ThreadRecord"/> and a
/// <em>block</em> holding its alternate signal stack (with a guard page), its thread-local storage (the TLS blocks of
/// the program's objects, just below the structure: <see cref="ThreadLocalStorage"/>) and its thread structure. A
/// structure is reserved at its maximum size so that it never moves; its first 64 bytes are the header
/// (0: self pointer, 8: tid, the rest reserved for the core); -8 hands out regions after it, the same
/// offset in every thread, zero-filled.
/// <para>
/// Both are reused: mapping and unmapping a block for every thread was a good part of a spawn's cost.
/// A joined thread's block goes back (up to <see cref="PoolLimit"/> are kept; more are unmapped) with its
/// structure's regions zeroed, so a reused structure is indistinguishable from a fresh one, and -8 zeroes
/// its new region in the pooled blocks too. Records live in slabs that stay until the instance is
/// disposed, so a waiter that still holds a joined thread's state word never reads unmapped memory
/// (the word's change counter tells it the record began a new life).
/// </para>
/// </summary>
internal sealed unsafe class ThreadStructures : IDisposable
{
    public const int HeaderSize = 64;
    /// <summary>Where the header holds the thread's id, and its alarms (<c>struct mc_thread_header</c>: a 32-bit count of
    /// the kills and signal interruptions sent to the thread, which a module's wait sleeps on beside its own word).</summary>
    public const int TidOffset = 8, AlarmsOffset = 16;
    /// <summary>The documented maximum: a thread structure, header included, never exceeds 64 KiB.</summary>
    public const int MaxSize = 64 * 1024;
    /// <summary>How many blocks of joined threads are kept for reuse; beyond that they are unmapped.</summary>
    public const int PoolLimit = 64;

    // A block: a guard page, the alternate signal stack, the thread-local storage, the structure.
    private const int Guard = HostMemory.PageSize;
    private const int StructureAt = Guard + (int)SignalStack.Size + ThreadLocalStorage.Capacity;
    private const int BlockSize = StructureAt + MaxSize;
    private const int RecordsPerSlab = 64;

    static ThreadStructures()
    {
        // The fault route (Faults/) reads a record's FaultDelivery at a fixed offset, without knowing ThreadRecord.
        ThreadRecord probe = default;
        if ((byte*)&probe.Fault - (byte*)&probe != FaultDelivery.InRecord)
            throw new InvalidOperationException("ThreadRecord.Fault is not where FaultDelivery.InRecord says");
    }

    public ThreadStructures(ThreadLocalStorage tls) => Tls = tls;

    /// <summary>The TLS blocks below every structure.</summary>
    public ThreadLocalStorage Tls { get; }

    private readonly Lock _gate = new();
    private readonly List<nint> _slabs = [];
    private readonly Stack<nint> _freeRecords = new();
    private readonly HashSet<nint> _live = [];
    private readonly Stack<nint> _pool = new(); // structures of free blocks
    private int _used = HeaderSize;
    private (nint Entry, nint AreaOffset, nint Handled) _faultEntry; // -15: copied into every record

    /// <summary>Structures in use (a thread's is given back when it is joined).</summary>
    public int Live
    {
        get { lock (_gate) return _live.Count; }
    }

    public int Used
    {
        get { lock (_gate) return _used; }
    }

    /// <summary>A record and a block for thread <paramref name="tid"/>: the record reset, the structure's header written.
    /// With <paramref name="at"/>, the structure is there, in a block mapped over a reservation the caller holds (a fork
    /// child's main thread, whose structure lies where the forking thread's did: the program points into it).</summary>
    public ThreadRecord* Allocate(long tid, nint at = 0)
    {
        ThreadRecord* record;
        nint structure;
        lock (_gate)
        {
            record = TakeRecord();
            structure = at != 0 ? 0 : _pool.TryPop(out nint pooled) ? pooled : 0;
            if (structure != 0)
            {
                Bind(record, structure);
                _live.Add((nint)record); // at once: -8 must reach every structure that may be handed out
            }
        }
        if (structure == 0)
        {
            structure = MapBlock(at); // fresh memory is zero: a -8 before it is listed misses nothing
            lock (_gate)
            {
                Bind(record, structure);
                _live.Add((nint)record);
            }
        }
        *(long*)(structure + TidOffset) = tid;
        record->Tid = tid;
        record->Function = record->Argument = 0;
        record->Terminating = 0;
        record->Fault.Stop = record->Fault.Signal = 0;
        record->EndValue = record->ExitValue = record->Innermost = 0;
        record->HostThread = 0;
        lock (_gate) SetFaultEntry(record, _faultEntry);
        // Until the new host thread writes its own: a stale id of the record's last thread, which has exited,
        // would make the main thread's liveness check take a main thread that has not started yet for lost.
        record->HostTid = 0;
        // A new life: flags cleared, the change counter moved on, so no waiter of the last one mistakes it.
        record->State = (record->State & ~(ThreadRecord.Nudge - 1)) + ThreadRecord.Nudge;
        lock (_gate) Tls.Initialize(structure); // under the gate: a Publish meanwhile reaches it either way
        return record;
    }

    /// <summary>An object's TLS blocks are final: every thread that has a structure gets their initial values.</summary>
    public void PublishTls(int module)
    {
        lock (_gate) Tls.Publish(module, _live.Select(r => ((ThreadRecord*)r)->Structure));
    }

    /// <summary>Gives back the record and block of a thread that has ended and will not run again.</summary>
    public void Free(ThreadRecord* record)
    {
        nint unmap = 0;
        lock (_gate)
        {
            if (!_live.Remove((nint)record)) return;
            nint structure = record->Structure;
            if (_pool.Count < PoolLimit)
            {
                // What the last thread wrote in its regions (and in the header's reserved bytes) goes; regions
                // handed out later are zeroed by -8, even where it scribbled past its own.
                new Span<byte>((void*)(structure + 16), _used - 16).Clear();
                _pool.Push(structure);
            }
            else
            {
                unmap = structure;
            }
            record->Structure = 0;
            var handle = GCHandle.FromIntPtr(record->Managed);
            handle.Target = null;
            _freeRecords.Push((nint)record);
        }
        if (unmap != 0) HostPlatform.Memory.Release(unmap - StructureAt, BlockSize);
    }

    /// <summary>Whether -8 can align a region to <paramref name="align"/>: a power of two, at most the structure's size.</summary>
    public static bool IsValidAlignment(long align) => align > 0 && (align & (align - 1)) == 0 && align <= MaxSize;

    /// <summary>-8: a new region of <paramref name="size"/> (&gt;= 0) bytes aligned to <paramref name="align"/>
    /// (<see cref="IsValidAlignment"/>) in every structure: its offset, or null past <see cref="MaxSize"/>.</summary>
    public long? Expand(long size, long align)
    {
        lock (_gate)
        {
            long offset = (_used + align - 1) & ~(align - 1);
            if (size > MaxSize - offset) return null;
            // Guests may have scribbled past the end; the new region is zero in every thread, existing and future.
            foreach (var record in _live) Clear(((ThreadRecord*)record)->Structure, offset, size);
            foreach (var structure in _pool) Clear(structure, offset, size);
            _used = (int)(offset + size);
            return offset;
        }
    }

    /// <summary>The block holding the structure at <paramref name="structure"/>: what a fork child reserves for it.</summary>
    public static (nint Start, ulong Length) BlockOf(nint structure) => (structure - StructureAt, BlockSize);

    /// <summary>What a fork takes along: how much of every structure the regions use, and the fault entry.</summary>
    public (int Used, (nint Entry, nint AreaOffset, nint Handled) FaultEntry) Layout
    {
        get { lock (_gate) return (_used, _faultEntry); }
    }

    /// <summary>A fork child takes the parent's layout before its first thread of the program: the regions the program's
    /// C library asked for in the parent (its modules, started afresh, asked for theirs again at the same offsets).</summary>
    public void TakeLayout(int used, (nint Entry, nint AreaOffset, nint Handled) faultEntry)
    {
        lock (_gate)
        {
            if (used < _used || used > MaxSize) throw new InvalidOperationException($"a fork image's thread structure layout ({used} bytes) does not fit this one's ({_used})");
            _used = used;
            _faultEntry = faultEntry;
        }
    }

    /// <summary>-15: the guest's fault entry, its fault area at <paramref name="areaOffset"/> of every structure (inside a
    /// region -8 handed out, 64-aligned) and its set of handled signals; false if the area is not such a place.
    /// Every thread's record takes it at once, so that a fault on any thread after this returns goes to the entry.</summary>
    public bool SetFaultEntry(nint entry, nint areaOffset, nint handled)
    {
        lock (_gate)
        {
            if (entry != 0 && (areaOffset < HeaderSize || areaOffset % 64 != 0 || areaOffset > _used - FaultDelivery.AreaSize)) return false;
            _faultEntry = entry == 0 ? default : (entry, areaOffset, handled);
            foreach (var record in _live) SetFaultEntry((ThreadRecord*)record, _faultEntry);
            return true;
        }
    }

    private static void SetFaultEntry(ThreadRecord* record, (nint Entry, nint AreaOffset, nint Handled) fault)
    {
        // The route reads these in a fault handler, in any order: the entry last, so that it is never seen without the others.
        Volatile.Write(ref record->Fault.Entry, 0);
        record->Fault.Area = record->Structure + fault.AreaOffset;
        record->Fault.Handled = fault.Handled;
        Volatile.Write(ref record->Fault.Entry, fault.Entry);
    }

    private static void Clear(nint structure, long offset, long size) =>
        new Span<byte>((void*)(structure + (nint)offset), (int)size).Clear();

    /// <summary>
    /// Unmaps the pooled blocks and, when no thread holds one any more, the records. The blocks and
    /// records of threads still running (spinning guests that could not be stopped) stay.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            while (_pool.TryPop(out nint structure)) HostPlatform.Memory.Release(structure - StructureAt, BlockSize);
            if (_live.Count > 0) return;
            Tls.Dispose();   // __tls_get_addr reads its table: only once no thread can run
            foreach (nint slab in _slabs)
            {
                for (int i = 0; i < RecordsPerSlab; i++) GCHandle.FromIntPtr(((ThreadRecord*)slab)[i].Managed).Free();
                NativeMemory.Free((void*)slab);
            }
            _slabs.Clear();
            _freeRecords.Clear();
        }
    }

    private ThreadRecord* TakeRecord()
    {
        if (_freeRecords.Count == 0)
        {
            var slab = (ThreadRecord*)NativeMemory.AllocZeroed(RecordsPerSlab, (nuint)sizeof(ThreadRecord));
            _slabs.Add((nint)slab);
            for (int i = RecordsPerSlab - 1; i >= 0; i--)
            {
                slab[i].Managed = GCHandle.ToIntPtr(GCHandle.Alloc(null));
                _freeRecords.Push((nint)(slab + i));
            }
        }
        return (ThreadRecord*)_freeRecords.Pop();
    }

    private static void Bind(ThreadRecord* record, nint structure)
    {
        record->Structure = structure;
        HostPlatform.Faults.DescribeStack(record->SignalStack, structure - StructureAt + Guard, (nuint)SignalStack.Size);
    }

    private static nint MapBlock(nint structureAt = 0)
    {
        // Untouched pages of the mapping cost nothing; fresh anonymous memory is already zero.
        nint block;
        if (structureAt == 0) block = HostPlatform.Memory.Allocate(BlockSize);
        else if (!HostPlatform.Memory.MapZero(block = structureAt - StructureAt, BlockSize, Protection.Read | Protection.Write, out string? error))
            throw new InvalidOperationException($"cannot map a thread block at 0x{block:x}: {error}");
        HostPlatform.Memory.Protect(block, Guard, Protection.None, out _); // a handler that overflows the signal stack faults here
        nint structure = block + StructureAt;
        *(nint*)structure = structure;
        return structure;
    }
}
