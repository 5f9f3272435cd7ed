using System.Collections.Concurrent;
using Microcosm.Native;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// One instance's syscall table. Numbers from -64 to 4031 live in a dense native array that the
/// dispatcher stub reads without locks (one aligned 8-byte load); others live in a concurrent
/// dictionary reached through a managed slow path. Writers replace entries atomically, so a caller
/// always sees either the old handler or the new one, never a torn one.
/// </summary>
public sealed unsafe class SyscallTable : IDisposable
{
    internal const int Bias = 64;
    internal const int DenseCount = 4096;

    private readonly nint* _dense;
    private readonly ConcurrentDictionary<long, nint> _sparse = new();
    private readonly ConcurrentDictionary<SyscallHandler, ManagedSyscall> _managed = new();
    private readonly Dictionary<nint, (nint Thunk, int Slot)> _unmanaged = [];   // UnmanagedCallersOnly target -> its thunk
    private readonly List<int> _slots = [];
    private readonly Lock _slotGate = new();
    private readonly ExecutableCode _dispatcher;
    private readonly ExecutableCode _threadSelf;
    private readonly ThreadManager _threads;
    private readonly HashSet<nint> _coreHandlers = [];
    private readonly Diagnostics.Tracer _tracer;
    private readonly SyscallTracer _syscallTracer;
    private readonly Lock _tracingGate = new();
    private volatile bool _tracing;
    private bool _disposed;

    internal SyscallTable(Diagnostics.Tracer tracer, ThreadManager threads)
    {
        _threads = threads;
        _dense = (nint*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(DenseCount, (nuint)sizeof(nint));
        nint sparse = AllocateEntry(new SparseDispatch(this));
        _tracer = tracer;
        _syscallTracer = new SyscallTracer(this, threads, tracer);
        _dispatcher = DispatcherStub.EmitDirect((nint)_dense, Bias, DenseCount, sparse, threads.KillsPendingAddress, AllocateEntry(new SlowPath(this)));
        Diagnostics.MicrocosmEventSource.Changed += UpdateTracing;
        UpdateTracing();
        Register(CoreSyscall.Register, AllocateEntry(new CoreRegistration(this, CoreSyscall.Register)));
        Register(CoreSyscall.Get, AllocateEntry(new CoreRegistration(this, CoreSyscall.Get)));
        Register(CoreSyscall.Deregister, AllocateEntry(new CoreRegistration(this, CoreSyscall.Deregister)));
        foreach (var (number, entry) in threads.CoreEntries()) Register(number, AllocateEntry(entry));
        _threadSelf = ThreadSelfStub.Emit(threads.Slot);
        Register(CoreSyscall.CurrentThreadStructure, _threadSelf[ThreadSelfStub.Entry]);
        foreach (var (_, handler) in Entries()) _coreHandlers.Add(handler);
    }

    /// <summary>The native entry point that guests reach as <c>mc_syscall</c> and <c>mc_syscall6</c>.</summary>
    public nint Dispatcher => _dispatcher[DispatcherStub.Entry];

    /// <summary>Exceptions thrown by C# handlers (they cannot cross into guest code; the call returned -EIO).</summary>
    public ConcurrentQueue<Exception> HandlerExceptions { get; } = new();

    /// <summary>Sets the native handler for <paramref name="number"/> (0 removes it); returns the previous one or 0.</summary>
    public nint Register(long number, nint handler)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryDenseIndex(number, out int index))
            return System.Threading.Interlocked.Exchange(ref _dense[index], handler);
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

    /// <summary>Registers one of the core's own C# entries (described as "core").</summary>
    internal void RegisterCore(long number, ManagedEntry entry)
    {
        nint handler = AllocateEntry(entry);
        _coreHandlers.Add(handler);
        Register(number, handler);
    }

    /// <summary>Every registered number and its handler, dense entries first, in ascending order.</summary>
    public IReadOnlyList<(long Number, nint Handler)> Entries()
    {
        var entries = new List<(long, nint)>();
        for (int i = 0; i < DenseCount; i++)
        {
            nint fn = System.Threading.Volatile.Read(ref _dense[i]);
            if (fn != 0) entries.Add((i - Bias, fn));
        }
        foreach (var (number, fn) in _sparse.OrderBy(p => p.Key)) entries.Add((number, fn));
        return entries;
    }

    /// <summary>Whether <paramref name="handler"/> is one of the core's own entries, or a C# delegate's thunk.</summary>
    internal string? DescribeManaged(nint handler)
    {
        if (_coreHandlers.Contains(handler)) return "core";
        lock (_slotGate)
            if (_unmanaged.Values.Any(u => u.Thunk == handler)) return "C# handler";
        return _managed.Values.Any(m => m.Thunk == handler) ? "C# handler" : null;
    }

    public nint Get(long number) =>
        TryDenseIndex(number, out int index) ? System.Threading.Volatile.Read(ref _dense[index])
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

    /// <summary>
    /// Tracing costs the fast path nothing: the dispatcher already leaves it whenever the instance's
    /// kills-pending word is not 0, so while tracing is wanted (text trace, or an EventSource listener
    /// for syscalls) this adds one to that word and the slow path sends each call to the tracer. The
    /// word's other users only ever add and remove their own ones, and only its being 0 is read.
    /// </summary>
    /// <summary>Whether calls currently go through the tracer (text trace, or an EventSource listener for syscalls).</summary>
    internal bool Tracing => _tracing;

    private void UpdateTracing()
    {
        lock (_tracingGate)
        {
            bool wanted = !_disposed && _tracer.SyscallsWanted;
            if (wanted == _tracing) return;
            _tracing = wanted;
            if (wanted) System.Threading.Interlocked.Increment(ref *(long*)_threads.KillsPendingAddress);
            else System.Threading.Interlocked.Decrement(ref *(long*)_threads.KillsPendingAddress);
        }
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
        Diagnostics.MicrocosmEventSource.Changed -= UpdateTracing;
        lock (_tracingGate) _disposed = true;
        UpdateTracing();
        lock (_slotGate)
        {
            foreach (int slot in _slots) ManagedHandlerThunks.Free(slot);
            foreach (var (_, slot) in _unmanaged.Values) UnmanagedHandlerThunks.Free(slot);
            _slots.Clear();
            _unmanaged.Clear();
        }
        // The stubs and the table stay mapped if guest threads are still running (they may be in them).
        if (_threads.Running > 0) return;
        _dispatcher.Dispose();
        _threadSelf.Dispose();
        System.Runtime.InteropServices.NativeMemory.Free(_dense);
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

    /// <summary>
    /// The dispatcher's path while a kill is pending or tracing is on: the tracer when tracing (it checks
    /// for kills itself), else end the caller if it is the one killed, else dispatch.
    /// </summary>
    private sealed class SlowPath(SyscallTable table) : ManagedEntry
    {
        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
            table._tracing ? table._syscallTracer.Invoke(number, a, b, c, d, e, f)
            : table._threads.NoticeKill() ? 0 : table.CallRegistered(number, a, b, c, d, e, f);
    }

    /// <summary>Core syscalls -1 (register), -2 (get) and -3 (deregister): ordinary entries of the table.</summary>
    private sealed class CoreRegistration(SyscallTable table, long which) : ManagedEntry
    {
        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) => which switch
        {
            CoreSyscall.Register => table.Register(a, b),
            CoreSyscall.Get => table.Get(a),
            _ => Deregister(a),
        };

        private nint Deregister(long target)
        {
            table.Deregister(target);
            return 0;
        }
    }
}
