using Microcosm.Diagnostics;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// Where the dispatcher sends every call while the table's slow-path word is not 0 (docs/architecture.md,
/// "Syscalls"): to the tracer while calls are traced (it checks for kills itself); else, if the caller is the
/// thread being killed, it starts ending (the handler thunk unwinds); else to the registered handler.
/// <para>
/// Tracing costs the fast path nothing: the dispatcher already leaves it whenever the word is not 0, so while
/// tracing is wanted (text trace, or an EventSource listener for syscalls) this adds one to the word, beside the
/// pending kills the instance's threads count in it.
/// </para>
/// </summary>
internal sealed unsafe class SlowPath : IDisposable
{
    private readonly SyscallTable _table;
    private readonly ThreadManager _threads;
    private readonly Tracer _tracer;
    private readonly SyscallTracer _syscallTracer;
    private readonly Lock _tracingGate = new();
    private volatile bool _tracing;
    private bool _disposed;

    public SlowPath(SyscallTable table, ThreadManager threads, Tracer tracer)
    {
        _table = table;
        _threads = threads;
        _tracer = tracer;
        _syscallTracer = new SyscallTracer(table, threads, tracer);
        MicrocosmEventSource.Changed += UpdateTracing;
        UpdateTracing();
    }

    /// <summary>Whether calls currently go through the tracer.</summary>
    public bool Tracing => _tracing;

    public nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
        _tracing ? _syscallTracer.Invoke(number, a, b, c, d, e, f)
        : _threads.NoticeKill() ? 0 : _table.CallRegistered(number, a, b, c, d, e, f);

    private void UpdateTracing()
    {
        lock (_tracingGate)
        {
            bool wanted = !_disposed && _tracer.SyscallsWanted;
            if (wanted == _tracing) return;
            _tracing = wanted;
            if (wanted) Interlocked.Increment(ref *(long*)_table.SlowPathWord);
            else Interlocked.Decrement(ref *(long*)_table.SlowPathWord);
        }
    }

    /// <summary>Stops tracing (its one leaves the word); the table does it first when it is disposed.</summary>
    public void Dispose()
    {
        MicrocosmEventSource.Changed -= UpdateTracing;
        lock (_tracingGate) _disposed = true;
        UpdateTracing();
    }
}
