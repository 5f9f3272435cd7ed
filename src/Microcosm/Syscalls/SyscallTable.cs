using System.Collections.Concurrent;
using Microcosm.Native;

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
    private readonly List<int> _slots = [];
    private readonly Lock _slotGate = new();
    private readonly ExecutableCode _dispatcher;
    private SyscallTracer? _tracer;
    private bool _disposed;

    internal SyscallTable(TextWriter? trace)
    {
        _dense = (nint*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(DenseCount, (nuint)sizeof(nint));
        nint sparse = AllocateEntry(new SparseDispatch(this));
        if (trace != null)
        {
            _tracer = new SyscallTracer(this, trace);
            _dispatcher = DispatcherStub.EmitRedirect(AllocateEntry(_tracer));
        }
        else
        {
            _dispatcher = DispatcherStub.EmitDirect((nint)_dense, Bias, DenseCount, sparse);
        }
        Register(CoreSyscall.Register, AllocateEntry(new CoreRegistration(this, CoreSyscall.Register)));
        Register(CoreSyscall.Get, AllocateEntry(new CoreRegistration(this, CoreSyscall.Get)));
        Register(CoreSyscall.Deregister, AllocateEntry(new CoreRegistration(this, CoreSyscall.Deregister)));
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

    /// <summary>Registers a native handler written in C# (an <c>UnmanagedCallersOnly</c> method): the fastest managed path.</summary>
    public nint Register(long number, delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint> handler) =>
        Register(number, (nint)handler);

    /// <summary>Registers a C# delegate. It gets a native-callable entry point, which <c>get</c> (-2) returns.</summary>
    public nint Register(long number, SyscallHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var entry = _managed.GetOrAdd(handler, h => new ManagedSyscall(this, h));
        lock (_slotGate)
            if (entry.Thunk == 0) entry.Thunk = AllocateEntry(entry);
        return Register(number, entry.Thunk);
    }

    public nint Get(long number) =>
        TryDenseIndex(number, out int index) ? System.Threading.Volatile.Read(ref _dense[index])
        : _sparse.TryGetValue(number, out nint fn) ? fn : 0;

    public void Deregister(long number) => Register(number, 0);

    /// <summary>Makes a syscall from C#, through the same dispatcher as guest code.</summary>
    public nint Invoke(long number, nint a = 0, nint b = 0, nint c = 0, nint d = 0, nint e = 0, nint f = 0) =>
        ((delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)Dispatcher)((nint)number, a, b, c, d, e, f);

    /// <summary>Calls whatever is registered for <paramref name="number"/>, or returns -ENOSYS (used by the managed slow paths).</summary>
    internal nint CallRegistered(long number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        nint fn = Get(number);
        if (fn == 0) return -Errno.ENOSYS;
        return ((delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)fn)((nint)number, a, b, c, d, e, f);
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
        lock (_slotGate)
        {
            foreach (int slot in _slots) ManagedHandlerThunks.Free(slot);
            _slots.Clear();
        }
        _dispatcher.Dispose();
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
            table._sparse.TryGetValue(number, out nint fn)
                ? ((delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)fn)((nint)number, a, b, c, d, e, f)
                : -Errno.ENOSYS;
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
