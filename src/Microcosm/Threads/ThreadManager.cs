using System.Runtime.InteropServices;
using Microcosm.Host;
using Microcosm.Native;
using Microcosm.Syscalls;

namespace Microcosm.Threads;

/// <summary>
/// One instance's threads: the core syscalls -8, -16, -17, -18 and -19 (-9 is a native stub), thread
/// start and end, kills and joins. Waits (join) are interruptible by kill.
/// </summary>
internal sealed unsafe class ThreadManager : IDisposable
{
    /// <summary>The documented default guest stack: 8 MiB, like a Linux main thread.</summary>
    public const long DefaultStackSize = 8L << 20;
    public const long MinimumStackSize = 64L << 10;
    public const long MaximumStackSize = 1L << 30;

    private readonly object _gate = new(); // a monitor: joins wait on it, thread ends and kills pulse it
    private readonly Dictionary<long, GuestThread> _threads = [];
    private readonly long* _killsPending;
    private long _nextTid = 2;
    private bool _disposed;

    public ThreadManager()
    {
        _killsPending = (long*)NativeMemory.AllocZeroed((nuint)sizeof(long));
        Slot = HostThreads.CreateSlot();
    }

    public ThreadStructures Structures { get; } = new();

    /// <summary>Where thread starts and ends are reported (docs/tracing.md); set once by the instance.</summary>
    public Diagnostics.Tracer? Tracer { get; set; }

    /// <summary>The host thread-local slot holding the current thread structure (read by the -9 stub).</summary>
    public uint Slot { get; }

    /// <summary>How many threads have a kill pending: the dispatcher takes its slow path while this is not 0.</summary>
    public nint KillsPendingAddress => (nint)_killsPending;

    /// <summary>Threads not yet ended (created or adopted, and not released).</summary>
    public int Running
    {
        get { lock (_gate) return _threads.Values.Count(t => !t.Ended); }
    }

    /// <summary>The core syscalls implemented here, by number (-9 is the table's native stub).</summary>
    public Dictionary<long, ManagedEntry> CoreEntries() => new()
    {
        [CoreSyscall.ExpandThreadStructure] = new Entry((a, b, c) => Structures.Expand(a, b)),
        [CoreSyscall.SpawnThread] = new Entry(Spawn),
        [CoreSyscall.InitializeThread] = new Entry((a, b, c) => Adopt()),
        [CoreSyscall.KillThread] = new Entry((a, b, c) => Kill(a, b)),
        [CoreSyscall.JoinThread] = new Entry((a, b, c) => Join(a, b)),
    };

    // ---- creation -------------------------------------------------------------------------

    private GuestThread Create(long tid, bool adopted)
    {
        var thread = new GuestThread(this, tid, Structures.Allocate(tid), adopted);
        lock (_gate) _threads.Add(tid, thread);
        return thread;
    }

    /// <summary>Starts a host thread that runs <paramref name="body"/> as Microcosm thread <paramref name="tid"/>.</summary>
    public GuestThread? Start(long tid, long stackSize, Func<GuestThread, nint> body, out int error)
    {
        var thread = Create(tid, adopted: false);
        var start = GCHandle.Alloc(new StartInfo(thread, body));
        error = HostThreads.Start((nuint)stackSize, &ThreadStart, GCHandle.ToIntPtr(start));
        if (error == 0) return thread;
        start.Free();
        lock (_gate) _threads.Remove(tid);
        Structures.Free(thread.Structure);
        return null;
    }

    /// <summary>As <see cref="Start"/>, for the core's own threads (main, module start-up): failing to start one is fatal.</summary>
    public GuestThread StartOrThrow(long tid, long stackSize, Func<GuestThread, nint> body, string what) =>
        Start(tid, stackSize, body, out int error)
        ?? throw new InvalidOperationException($"cannot start the {what} thread: {Host.Posix.PosixError.Describe(error)}");

    /// <summary>A fresh tid (1 is the program's main thread).</summary>
    public long NextTid() => Interlocked.Increment(ref _nextTid) - 1;

    /// <summary>Drops an ended thread nobody will join (the module start-up thread), freeing its structure.</summary>
    public void Forget(GuestThread thread)
    {
        lock (_gate)
        {
            if (!thread.Ended || thread.Joined) return;
            thread.Joined = true;
            _threads.Remove(thread.Tid);
        }
        Structures.Free(thread.Structure);
    }

    /// <summary>-16: spawn a thread running <c>intptr_t fn(intptr_t arg)</c>.</summary>
    private nint Spawn(nint fn, nint arg, nint stackSize)
    {
        if (fn == 0) return -Errno.EINVAL;
        long size = stackSize == 0 ? DefaultStackSize : stackSize;
        if (size < 0 || size > MaximumStackSize) return -Errno.ENOMEM;
        size = (long)HostMemory.PageUp((ulong)Math.Max(size, MinimumStackSize));
        long tid = NextTid();
        var thread = Start(tid, size, t => Guest.Call(fn, arg), out int error);
        if (thread != null) return (nint)tid;
        return error == 12 /* ENOMEM */ ? -Errno.ENOMEM : -Errno.EAGAIN;
    }

    private sealed record StartInfo(GuestThread Thread, Func<GuestThread, nint> Body);

    [UnmanagedCallersOnly]
    private static nint ThreadStart(nint context)
    {
        var handle = GCHandle.FromIntPtr(context);
        var start = (StartInfo)handle.Target!;
        handle.Free();
        start.Thread.Owner.RunThread(start.Thread, start.Body);
        return 0;
    }

    private void RunThread(GuestThread thread, Func<GuestThread, nint> body)
    {
        Attach(thread);
        Tracer?.ThreadStart(thread.Tid, adopted: false);
        nint value;
        try
        {
            value = body(thread);
        }
        catch (ThreadTermination termination)
        {
            value = termination.Value;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"microcosm: thread {thread.Tid}: internal error: {ex}");
            value = -Errno.EIO;
        }
        Detach(thread);
        Tracer?.ThreadEnd(thread.Tid, value);
        MarkEnded(thread, value);
    }

    private void Attach(GuestThread thread)
    {
        GuestThread.Current = thread;
        HostThreads.SetSlot(Slot, thread.Structure);
        thread.SignalStack = SignalStack.Ensure(); // so that a stack overflow in guest code can be reported
    }

    private void Detach(GuestThread thread)
    {
        SignalStack.Remove(thread.SignalStack);
        thread.SignalStack = 0;
        HostThreads.SetSlot(Slot, 0);
        if (GuestThread.Current == thread) GuestThread.Current = null;
    }

    private void MarkEnded(GuestThread thread, nint value)
    {
        lock (_gate)
        {
            thread.Ended = true;
            thread.ExitValue = value;
            if (thread.KillRequested) Interlocked.Decrement(ref *_killsPending);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>-17: make the calling host thread a Microcosm thread (idempotent).</summary>
    private nint Adopt()
    {
        if (GuestThread.Current is { Owner: var owner, Ended: false } current && owner == this) return (nint)current.Tid;
        long tid = NextTid();
        Attach(Create(tid, adopted: true));
        Tracer?.ThreadStart(tid, adopted: true);
        return (nint)tid;
    }

    /// <summary>Main thread support: tid 1 is created by <see cref="Start"/> with the program's body.</summary>
    public const long MainTid = 1;

    // ---- ending ---------------------------------------------------------------------------

    /// <summary>The first guest fault of any thread of this instance, or null.</summary>
    public GuestFault? Fault { get; private set; }
    private DateTime _faultedAt;

    /// <summary>
    /// Guest code on <paramref name="thread"/> faulted (its guest frames are already discarded): the thread
    /// ends with 128 + signal and, as on Linux, so does the program: the main thread is killed with the same
    /// value. The first fault is the one reported. Returns the thread's exit value.
    /// </summary>
    public nint Faulted(GuestThread thread, GuestFault fault)
    {
        lock (_gate)
        {
            if (Fault == null)
            {
                Fault = fault;
                _faultedAt = DateTime.UtcNow;
            }
            thread.Terminating = true;
            thread.ExitValue = fault.ExitStatus;
            if (thread.Tid != MainTid && _threads.TryGetValue(MainTid, out var main) && !main.Ended)
                RequestKill(main, fault.ExitStatus);
            Monitor.PulseAll(_gate); // WaitForMain starts counting its grace period
            return thread.ExitValue;
        }
    }

    /// <summary>
    /// Waits until the main thread has ended, or — after a fault — until it ends or
    /// <paramref name="afterFault"/> has passed (a main thread that spins without syscalls cannot be
    /// stopped: it is left running, as at process end). True if it ended.
    /// </summary>
    public bool WaitForMain(GuestThread main, TimeSpan afterFault)
    {
        lock (_gate)
        {
            while (!main.Ended)
            {
                if (Fault == null)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var left = _faultedAt + afterFault - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    /// <summary>-18: end the calling thread (tid 0) or ask another to end.</summary>
    private nint Kill(nint tid, nint value)
    {
        var self = GuestThread.Current;
        if (tid == 0 || (self != null && self.Owner == this && tid == self.Tid))
        {
            if (self == null || self.Owner != this) return -Errno.ESRCH;
            if (self.Adopted && self.Innermost == null)
            {
                Release(self, value);
                return 0;
            }
            self.Terminating = true;
            self.ExitValue = value;
            return 0; // never seen by the guest: the handler thunk unwinds to the boundary instead
        }
        lock (_gate)
        {
            if (!_threads.TryGetValue(tid, out var target) || target.Ended) return -Errno.ESRCH;
            RequestKill(target, value);
            return 0;
        }
    }

    /// <summary>Asks <paramref name="target"/> to end (the first request's value stands). Call under the gate.</summary>
    private void RequestKill(GuestThread target, nint value)
    {
        if (target.KillRequested) return;
        target.KillValue = value;
        target.KillRequested = true;
        Interlocked.Increment(ref *_killsPending);
        Monitor.PulseAll(_gate); // interrupts a join it may be waiting in
    }

    /// <summary>An adopted thread ends by being released: it stays a host thread, no longer a Microcosm one.</summary>
    private void Release(GuestThread thread, nint value)
    {
        Tracer?.ThreadEnd(thread.Tid, value);
        Detach(thread);
        MarkEnded(thread, value);
    }

    /// <summary>
    /// The dispatcher's slow path while any kill is pending: if the caller is the one being killed, it
    /// starts ending (the thunk unwinds) and true is returned; adopted threads are released instead.
    /// </summary>
    public bool NoticeKill()
    {
        var self = GuestThread.Current;
        if (self == null || self.Owner != this || !self.KillRequested || self.Terminating) return self?.Terminating ?? false;
        if (self.Adopted && self.Innermost == null)
        {
            Release(self, self.KillValue);
            return false; // the syscall goes ahead on what is now an ordinary host thread
        }
        self.Terminating = true;
        self.ExitValue = self.KillValue;
        return true;
    }

    /// <summary>-19: wait for a thread to end and collect its exit value.</summary>
    private nint Join(nint tid, nint valueOut)
    {
        var self = GuestThread.Current;
        if (self != null && self.Owner == this && tid == self.Tid) return -Errno.EDEADLK;
        GuestThread? target;
        lock (_gate)
        {
            if (!_threads.TryGetValue(tid, out target) || target.Joined) return -Errno.ESRCH;
            while (true)
            {
                // A kill ends a waiting joiner at once, even if the target ended at the same moment.
                if (self != null && self.Owner == this && NoticeKillLocked(self)) return 0; // unwinds
                if (target.Ended) break;
                Monitor.Wait(_gate);
                if (target.Joined) return -Errno.ESRCH; // another joiner took it
            }
            target.Joined = true;
            _threads.Remove(tid);
        }
        if (valueOut != 0) *(nint*)valueOut = target.ExitValue;
        Structures.Free(target.Structure);
        return 0;
    }

    private bool NoticeKillLocked(GuestThread self) => self.KillRequested && NoticeKill();

    /// <summary>
    /// The main thread outlives its own end to run the finalizers: a kill pending on it is spent. Its
    /// value is returned, because the kill came before the end (a libc's exit() from another thread is
    /// kill(1, status): the program's status is that one even if main returned before noticing).
    /// </summary>
    public nint? Survive(GuestThread main)
    {
        lock (_gate)
        {
            main.Terminating = false;
            if (!main.KillRequested) return null;
            main.KillRequested = false;
            Interlocked.Decrement(ref *_killsPending);
            return main.KillValue;
        }
    }

    /// <summary>
    /// Process end: every other thread is asked to end; waits up to <paramref name="timeout"/> for them.
    /// Returns the number still running (threads that spin without making syscalls cannot be stopped).
    /// </summary>
    public int EndOthers(GuestThread main, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            foreach (var t in _threads.Values)
            {
                if (t == main || t.Ended || t.KillRequested) continue;
                t.KillValue = 0;
                t.KillRequested = true;
                Interlocked.Increment(ref *_killsPending);
            }
            Monitor.PulseAll(_gate);
            while (true)
            {
                int running = _threads.Values.Count(t => t != main && !t.Ended && !t.Adopted);
                var left = deadline - DateTime.UtcNow;
                if (running == 0 || left <= TimeSpan.Zero) return running;
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Waits until <paramref name="thread"/> has ended; returns its exit value.</summary>
    public nint WaitFor(GuestThread thread)
    {
        lock (_gate)
        {
            while (!thread.Ended) Monitor.Wait(_gate);
            return thread.ExitValue;
        }
    }

    /// <summary>Frees the structures of ended threads; running ones (spinning guests) are left alone.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_gate)
        {
            foreach (var t in _threads.Values.Where(t => t.Ended)) Structures.Free(t.Structure);
            if (_threads.Values.All(t => t.Ended))
            {
                HostThreads.DeleteSlot(Slot);
                NativeMemory.Free(_killsPending);
            }
        }
    }

    /// <summary>A core syscall implemented in C#: none takes more than three arguments.</summary>
    private sealed class Entry(Func<nint, nint, nint, nint> handler) : ManagedEntry
    {
        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) => handler(a, b, c);
    }
}
