using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microcosm.Native;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// One instance's syscall table. Numbers from -64 to 4031 live in a dense native array that the
/// dispatcher stub reads without locks (one aligned 8-byte load); others live in a concurrent
/// dictionary reached through a managed slow path. Writers replace entries atomically, so a caller
/// always sees either the old handler or the new one, never a torn one. The table knows its slots and
/// its slow-path word; what fills them (CoreSyscalls, modules, C# handlers) and what the slow path does
/// (<see cref="Syscalls.SlowPath"/>) are the instance's.
/// </summary>
public sealed unsafe class SyscallTable : IDisposable
{
    internal const int Bias = 64;
    internal const int DenseCount = 4096;

    private readonly nint* _dense;
    private readonly long* _slowPathWord;
    private readonly ConcurrentDictionary<long, nint> _sparse = new();
    private readonly ConcurrentDictionary<SyscallHandler, ManagedSyscall> _managed = new();
    private readonly Dictionary<nint, (nint Thunk, int Slot)> _unmanaged = [];   // UnmanagedCallersOnly target -> its thunk
    private readonly List<int> _slots = [];
    private readonly Lock _slotGate = new();
    private readonly ExecutableCode _dispatcher;
    private readonly HashSet<nint> _coreHandlers = [];
    private readonly Func<bool> _guestCodeRunning;
    private bool _disposed;

    /// <param name="guestCodeRunning">Whether guest threads may still be running (in the dispatcher, or reading the
    /// word): then <see cref="Dispose"/> leaves the stub, the table and the word mapped.</param>
    internal SyscallTable(Func<bool> guestCodeRunning)
    {
        _guestCodeRunning = guestCodeRunning;
        _dense = (nint*)NativeMemory.AllocZeroed(DenseCount, (nuint)sizeof(nint));
        _slowPathWord = (long*)NativeMemory.AllocZeroed((nuint)sizeof(long));
        nint sparse = AllocateEntry(new SparseDispatch(this));
        _dispatcher = DispatcherStub.EmitDirect((nint)_dense, Bias, DenseCount, sparse, (nint)_slowPathWord, AllocateEntry(new SlowPathEntry(this)));
    }

    /// <summary>The native entry point that guests reach as <c>mc_syscall</c> and <c>mc_syscall6</c>.</summary>
    public nint Dispatcher => _dispatcher[DispatcherStub.Entry];

    /// <summary>
    /// The dispatcher's slow-path word: while it is not 0, every call leaves the fast path for
    /// <see cref="SlowPath"/>. Its users (a pending kill, tracing) each add their own ones and take them back;
    /// only its being 0 is read.
    /// </summary>
    internal nint SlowPathWord => (nint)_slowPathWord;

    /// <summary>Where calls go while the slow-path word is not 0; set once by the instance, before any guest code
    /// runs (until then the call goes to its handler). The table disposes it.</summary>
    internal SlowPath? SlowPath { get; set; }

    /// <summary>Whether calls currently go through the tracer (text trace, or an EventSource listener for syscalls).</summary>
    internal bool Tracing => SlowPath is { Tracing: true };

    /// <summary>Exceptions thrown by C# handlers (they cannot cross into guest code; the call returned -EIO).</summary>
    public ConcurrentQueue<Exception> HandlerExceptions { get; } = new();

    /// <summary>Sets the native handler for <paramref name="number"/> (0 removes it); returns the previous one or 0.</summary>
    public nint Register(long number, nint handler)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryDenseIndex(number, out int index))
            return Interlocked.Exchange(ref _dense[index], handler);
        nint previous = 0;
        if (handler == 0) _sparse.TryRemove(number, out previous);
        else _sparse.AddOrUpdate(number, handler, (_, old) => { previous = old; return handler; });
        return previous;
    }

    /// <summary>
    /// Registers a handler written in C# as an <c>UnmanagedCallersOnly</c> method: the fastest C# path.
    /// The table holds a small thunk that calls it (so that a fault in it stays .NET's and a thread killed
    /// while it runs ends when it returns), which <c>get</c> (-2) returns. Like any
    /// <c>UnmanagedCallersOnly</c> method it must not let an exception escape: .NET would end the process.
    /// </summary>
    public nint Register(long number, delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        (nint Thunk, int Slot) entry;
        lock (_slotGate)
        {
            if (!_unmanaged.TryGetValue((nint)handler, out entry))
            {
                entry.Thunk = UnmanagedHandlerThunks.Allocate((nint)handler, out entry.Slot);
                _unmanaged.Add((nint)handler, entry);
            }
        }
        return Register(number, entry.Thunk);
    }

    /// <summary>Registers a C# delegate. It gets a native-callable entry point, which <c>get</c> (-2) returns.</summary>
    public nint Register(long number, SyscallHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var entry = _managed.GetOrAdd(handler, h => new ManagedSyscall(this, h) { Handler = h });
        lock (_slotGate)
            if (entry.Thunk == 0) entry.Thunk = AllocateEntry(entry);
        return Register(number, entry.Thunk);
    }

    /// <summary>Registers one of the core's own entries in C# (described as "core").</summary>
    internal void RegisterCore(long number, ManagedEntry entry) => RegisterCore(number, AllocateEntry(entry));

    /// <summary>Registers one of the core's own native entries (described as "core").</summary>
    internal void RegisterCore(long number, nint handler)
    {
        lock (_slotGate) _coreHandlers.Add(handler);
        Register(number, handler);
    }

    /// <summary>Every registered number and its handler, dense entries first, in ascending order.</summary>
    public IReadOnlyList<(long Number, nint Handler)> Entries()
    {
        var entries = new List<(long, nint)>();
        for (int i = 0; i < DenseCount; i++)
        {
            nint fn = Volatile.Read(ref _dense[i]);
            if (fn != 0) entries.Add((i - Bias, fn));
        }
        foreach (var (number, fn) in _sparse.OrderBy(p => p.Key)) entries.Add((number, fn));
        return entries;
    }

    /// <summary>Whether <paramref name="handler"/> is one of the core's own entries, or a C# delegate's thunk.</summary>
    internal string? DescribeManaged(nint handler)
    {
        lock (_slotGate)
        {
            if (_coreHandlers.Contains(handler)) return "core";
            if (_unmanaged.Values.Any(u => u.Thunk == handler)) return "C# handler";
        }
        return _managed.Values.Any(m => m.Thunk == handler) ? "C# handler" : null;
    }

    public nint Get(long number) =>
        TryDenseIndex(number, out int index) ? Volatile.Read(ref _dense[index])
        : _sparse.TryGetValue(number, out nint fn) ? fn : 0;

    public void Deregister(long number) => Register(number, 0);

    /// <summary>
    /// Makes a syscall from C#, through the same dispatcher as guest code. If the calling thread is a
    /// Microcosm thread and it ends inside (killed, or a guest handler ends it), this throws an
    /// internal exception that must be left to propagate out of the C# handler it was called from.
    /// </summary>
    public nint Invoke(long number, nint a = 0, nint b = 0, nint c = 0, nint d = 0, nint e = 0, nint f = 0) =>
        Guest.Call(Dispatcher, (nint)number, a, b, c, d, e, f);

    /// <summary>Calls whatever is registered for <paramref name="number"/>, or returns -ENOSYS (used by the managed slow paths).</summary>
    internal nint CallRegistered(long number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        nint fn = Get(number);
        return fn == 0 ? -Errno.ENOSYS : Guest.Call(fn, (nint)number, a, b, c, d, e, f);
    }

    private static bool TryDenseIndex(long number, out int index)
    {
        long i = number + Bias;
        index = (int)i;
        return (ulong)i < DenseCount;
    }

    private nint AllocateEntry(ManagedEntry entry)
    {
        nint thunk = ManagedHandlerThunks.Allocate(entry, out int slot);
        lock (_slotGate) _slots.Add(slot);
        return thunk;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        SlowPath?.Dispose();
        lock (_slotGate)
        {
            foreach (int slot in _slots) ManagedHandlerThunks.Free(slot);
            foreach (var (_, slot) in _unmanaged.Values) UnmanagedHandlerThunks.Free(slot);
            _slots.Clear();
            _unmanaged.Clear();
        }
        // The stub, the table and the word stay mapped if guest threads are still running (they may be in them).
        if (_guestCodeRunning()) return;
        _dispatcher.Dispose();
        NativeMemory.Free(_dense);
        NativeMemory.Free(_slowPathWord);
    }

    /// <summary>A C# delegate registered as a handler.</summary>
    private sealed class ManagedSyscall(SyscallTable table, SyscallHandler handler) : ManagedEntry
    {
        public nint Thunk;

        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
            handler(new SyscallArgs(number, a, b, c, d, e, f));

        public override nint OnException(Exception exception)
        {
            table.HandlerExceptions.Enqueue(exception);
            return -Errno.EIO;
        }
    }

    /// <summary>Numbers outside the dense table.</summary>
    private sealed class SparseDispatch(SyscallTable table) : ManagedEntry
    {
        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
            table._sparse.TryGetValue(number, out nint fn) ? Guest.Call(fn, (nint)number, a, b, c, d, e, f) : -Errno.ENOSYS;
    }

    /// <summary>Where the dispatcher jumps while the slow-path word is not 0.</summary>
    private sealed class SlowPathEntry(SyscallTable table) : ManagedEntry
    {
        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
            table.SlowPath is { } slowPath ? slowPath.Invoke(number, a, b, c, d, e, f) : table.CallRegistered(number, a, b, c, d, e, f);
    }
}
