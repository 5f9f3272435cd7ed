using System.Runtime.InteropServices;
using Microcosm.Faults;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// One instance's threads: thread start and end, kills and joins, and the native -9 stub. The core syscalls
/// -8, -10 and -16 … -19 are answered here (their entries, which check the guest's arguments and answer
/// -errno, are Syscalls/ThreadSyscalls.cs). A thread's end is published in its record's state word
/// (<see cref="ThreadRecord.State"/>), which joins and the instance's own waits sleep on (futex), so a
/// thread spawned by a guest can live and end without entering .NET (<see cref="ThreadStartStub"/>).
/// Waits (join) are interruptible by kill: a kill changes the word the joiner waits on.
/// </summary>
internal sealed unsafe class ThreadManager : IDisposable
{
    /// <summary>The documented default guest stack: 8 MiB, like a Linux main thread.</summary>
    public const long DefaultStackSize = 8L << 20;
    public const long MinimumStackSize = 64L << 10;
    public const long MaximumStackSize = 1L << 30;

    private readonly Lock _gate = new(); // the thread table, joins' claims and kill requests; nobody waits while holding it
    private readonly Dictionary<long, GuestThread> _threads = [];
    private readonly long* _slowPathWord;
    private readonly nint _internalErrorValue;
    private readonly Native.ExecutableCode _threadSelf;
    private long _nextTid = 2;
    private bool _disposed;

    /// <param name="slowPathWord">The dispatcher's slow-path word (<c>SyscallTable.SlowPathWord</c>): every pending
    /// kill counts in it, so that calls leave the fast path and the one killed notices (<see cref="NoticeKill"/>).</param>
    /// <param name="tracer">Where thread starts and ends are reported (docs/tracing.md).</param>
    /// <param name="internalErrorValue">The exit value of a thread whose C# start failed with an unexpected exception.</param>
    public ThreadManager(nint slowPathWord, Diagnostics.Tracer tracer, nint internalErrorValue)
    {
        _slowPathWord = (long*)slowPathWord;
        Tracer = tracer;
        _internalErrorValue = internalErrorValue;
        Slot = HostPlatform.Slots.Create();
        _threadSelf = ThreadSelfStub.Emit(Slot);
    }

    public ThreadStructures Structures { get; } = new();

    /// <summary>Where thread starts and ends are reported (docs/tracing.md).</summary>
    public Diagnostics.Tracer Tracer { get; }

    /// <summary>The host thread-local slot holding the current thread structure (read by the -9 stub).</summary>
    public uint Slot { get; }

    /// <summary>The -9 stub: the calling thread's structure, without a managed transition.</summary>
    public nint ThreadSelf => _threadSelf[ThreadSelfStub.Entry];

    /// <summary>Threads not yet ended (created or adopted, and not released).</summary>
    public int Running
    {
        get { lock (_gate) return _threads.Values.Count(t => !t.Ended); }
    }

    // ---- creation -------------------------------------------------------------------------

    private GuestThread Create(long tid, bool adopted)
    {
        var record = Structures.Allocate(tid);
        record->SlowPathWord = (nint)_slowPathWord;
        record->InstanceSlot = Slot;
        var thread = new GuestThread(this, tid, record, adopted);
        var handle = GCHandle.FromIntPtr(record->Managed);
        handle.Target = thread;
        lock (_gate) _threads.Add(tid, thread);
        return thread;
    }

    /// <summary>A thread whose host thread could not be started.</summary>
    private void Discard(GuestThread thread)
    {
        lock (_gate)
        {
            _threads.Remove(thread.Tid);
            thread.Joined = true; // a joiner that guessed the tid gives up
        }
        Nudge(thread.State);
        Structures.Free(thread.Release());
    }

    /// <summary>
    /// Starts a host thread that runs <paramref name="body"/> (C#) as Microcosm thread <paramref name="tid"/>;
    /// a <paramref name="joinable"/> one (a spawned thread) is reaped by the join that collects it.
    /// </summary>
    public GuestThread? Start(long tid, long stackSize, Func<GuestThread, nint> body, out int error, bool joinable = false)
    {
        var thread = Create(tid, adopted: false);
        var start = GCHandle.Alloc(new StartInfo(thread, body));
        error = HostPlatform.Threads.Start((nuint)stackSize, &ThreadStart, GCHandle.ToIntPtr(start), joinable ? &thread.Record->HostThread : null);
        if (error == 0) return thread;
        start.Free();
        Discard(thread);
        return null;
    }

    /// <summary>Starts a host thread that runs guest <c>fn(arg)</c> as Microcosm thread <paramref name="tid"/> without entering .NET.</summary>
    private GuestThread? StartNative(long tid, long stackSize, nint fn, nint arg, out int error)
    {
        var thread = Create(tid, adopted: false);
        thread.Record->Function = fn;
        thread.Record->Argument = arg;
        error = HostPlatform.Threads.Start((nuint)stackSize, ThreadStartStub.Start, (nint)thread.Record, &thread.Record->HostThread);
        if (error == 0) return thread;
        Discard(thread);
        return null;
    }

    /// <summary>As <see cref="Start"/>, for the core's own threads (main, module start-up): failing to start one is fatal.</summary>
    public GuestThread StartOrThrow(long tid, long stackSize, Func<GuestThread, nint> body, string what) =>
        Start(tid, stackSize, body, out int error)
        ?? throw new InvalidOperationException($"cannot start the {what} thread: {HostPlatform.Threads.Describe(error)}");

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
        Structures.Free(thread.Release());
    }

    /// <summary>
    /// -16: spawns a thread running <c>intptr_t fn(intptr_t arg)</c> on <paramref name="stackSize"/> bytes of stack
    /// (a multiple of the page size, within the limits above); its tid, or null with the host's error. It starts
    /// natively; while thread events are traced it starts through C# instead, so that its start and end are
    /// reported on it.
    /// </summary>
    public long? Spawn(nint fn, nint arg, long stackSize, out int hostError)
    {
        long tid = NextTid();
        var thread = Tracer.ThreadsWanted ? StartTraced(tid, stackSize, fn, arg, out hostError) : StartNative(tid, stackSize, fn, arg, out hostError);
        return thread != null ? tid : null;
    }

    /// <summary>A spawned thread that starts through C#, so that its start and end are traced on it
    /// (a method of its own: the closure is allocated only here, not on every spawn).</summary>
    private GuestThread? StartTraced(long tid, long stackSize, nint fn, nint arg, out int error) =>
        Start(tid, stackSize, t => Guest.Call(fn, arg), out error, joinable: true);

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
        // Before any guest code: a raw exit system call would end this host thread with nothing left to say how.
        if (thread.Tid == MainTid) thread.ExitWatch = HostPlatform.Threads.WatchCurrentThreadExit();
        Tracer.ThreadStart(thread.Tid, adopted: false);
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
            value = _internalErrorValue;
        }
        Detach(thread);
        thread.ExitWatch?.Dispose();
        thread.ExitWatch = null;
        Tracer.ThreadEnd(thread.Tid, value);
        MarkEnded(thread, value);
    }

    /// <summary>
    /// A guest fault on a natively started thread (<see cref="ThreadStartStub"/>): its guest frames are
    /// discarded; reports it like <see cref="Guest.Call"/> does and returns the thread's exit value.
    /// </summary>
    [UnmanagedCallersOnly]
    internal static nint OnNativeFault(ThreadRecord* record, Boundary* boundary)
    {
        try
        {
            var thread = GuestThread.Of(record);
            return thread.Owner.Faulted(thread, FaultReport.Create(boundary, thread.Tid));
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"microcosm: thread {record->Tid}: internal error: {ex}");
            return 128 + boundary->FaultSignal;
        }
    }

    private void Attach(GuestThread thread)
    {
        GuestThread.Current = thread;
        thread.Record->HostTid = HostPlatform.Threads.CurrentId();
        HostPlatform.Slots.Set(Slot, thread.Structure);
        HostPlatform.Slots.Set(GuestThread.HostSlot, (nint)thread.Record);
        thread.OwnsSignalStack = SignalStack.Install(thread.Record); // so that a stack overflow in guest code can be reported
    }

    private void Detach(GuestThread thread)
    {
        if (thread.OwnsSignalStack) SignalStack.Remove(thread.Record);
        thread.OwnsSignalStack = false;
        HostPlatform.Slots.Set(Slot, 0);
        HostPlatform.Slots.Set(GuestThread.HostSlot, 0);
        if (GuestThread.Current == thread) GuestThread.Current = null;
    }

    /// <summary>
    /// Publishes a thread's end, as <see cref="ThreadStartStub"/> does for natively started ones: close
    /// the state word to kills (a pending kill's count goes), store the value, set Done, wake joiners.
    /// </summary>
    private void MarkEnded(GuestThread thread, nint value)
    {
        int* state = thread.State; // after Done the record may belong to another thread
        int old;
        do old = Volatile.Read(ref *state);
        while (Interlocked.CompareExchange(ref *state, old | ThreadRecord.Closed, old) != old);
        if ((old & ThreadRecord.KillRequested) != 0) Interlocked.Decrement(ref *_slowPathWord);
        thread.Record->ExitValue = value;
        Interlocked.Or(ref *state, ThreadRecord.Done);
        HostPlatform.Waits.WakeAll(state);
    }

    /// <summary>Changes a thread's state word without changing its meaning: wakes whoever waits on it to look again.</summary>
    private static void Nudge(int* state)
    {
        Interlocked.Add(ref *state, ThreadRecord.Nudge);
        HostPlatform.Waits.WakeAll(state);
    }

    /// <summary>Waits until <paramref name="state"/> has Done, or <paramref name="until"/> passes. True if it has.</summary>
    private static bool WaitDone(int* state, DateTime? until = null)
    {
        while (true)
        {
            int observed = Volatile.Read(ref *state);
            if ((observed & ThreadRecord.Done) != 0) return true;
            TimeSpan? left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            HostPlatform.Waits.Wait(state, observed, left);
        }
    }

    /// <summary>-17: makes the calling host thread a Microcosm thread (idempotent); its tid.</summary>
    public long Adopt()
    {
        if (GuestThread.Current is { Owner: var owner, Ended: false } current && owner == this) return current.Tid;
        long tid = NextTid();
        Attach(Create(tid, adopted: true));
        Tracer.ThreadStart(tid, adopted: true);
        return tid;
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
            thread.EndValue = fault.ExitStatus;
            thread.Terminating = true;
            if (_threads.TryGetValue(MainTid, out var main) && !main.Ended)
            {
                if (thread != main) RequestKill(main, fault.ExitStatus);
                Nudge(main.State); // WaitForMain starts counting its grace period
            }
            return thread.EndValue;
        }
    }

    /// <summary>How <see cref="WaitForMain"/> came back.</summary>
    public enum MainEnd
    {
        /// <summary>The main thread ended (its exit value is final).</summary>
        Ended,
        /// <summary>After a fault, the grace period passed and the main thread still runs (it makes no syscalls).</summary>
        Running,
        /// <summary>The main thread's host thread is gone without ending it: a raw exit system call in guest code.</summary>
        Lost,
    }

    /// <summary>How often <see cref="WaitForMain"/> looks whether the main thread's host thread still exists:
    /// nothing else would wake it if that thread vanished (a raw exit system call runs nothing of ours).</summary>
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits until the main thread has ended, or — after a fault — until it ends or
    /// <paramref name="afterFault"/> has passed (a main thread that spins without syscalls cannot be
    /// stopped: it is left running, as at process end), or its host thread is gone without ending it.
    /// </summary>
    public MainEnd WaitForMain(GuestThread main, TimeSpan afterFault)
    {
        int* state = main.State; // the main thread is never joined: its record stays its own
        while (true)
        {
            int observed = Volatile.Read(ref *state);
            if ((observed & ThreadRecord.Done) != 0) return MainEnd.Ended;
            TimeSpan left = LivenessCheck;
            lock (_gate)
            {
                if (Fault != null)
                {
                    var grace = _faultedAt + afterFault - DateTime.UtcNow;
                    if (grace <= TimeSpan.Zero) return MainEnd.Running;
                    if (grace < left) left = grace;
                }
            }
            HostPlatform.Waits.Wait(state, observed, left);
            int hostTid = main.Record->HostTid; // 0 until the thread has started
            if (hostTid != 0 && !HostPlatform.Threads.Exists(hostTid) && (Volatile.Read(ref *state) & ThreadRecord.Done) == 0) return MainEnd.Lost;
        }
    }

    /// <summary>The highest signal number -10 takes (Linux's SIGRTMAX).</summary>
    public const int MaxSignal = 64;

    private int _exitSignal;

    /// <summary>The signal of the first -10 call, or 0: the program ended by it if its status is 128 + it.</summary>
    public int ExitSignal => Volatile.Read(ref _exitSignal);

    /// <summary>
    /// -10: the program ends as if killed by <paramref name="signal"/> (1 … <see cref="MaxSignal"/>), from any thread:
    /// as a libc's exit(), the main thread is killed with 128 + signal and the caller ends; the instance records the
    /// signal. False if the caller is not a thread of this instance.
    /// </summary>
    public bool ExitBySignal(int signal)
    {
        Interlocked.CompareExchange(ref _exitSignal, signal, 0);
        nint status = 128 + signal;
        Kill(MainTid, status);
        return Kill(0, status);
    }

    /// <summary>
    /// After <see cref="MainEnd.Lost"/>: the main thread is recorded as ended with <paramref name="value"/>
    /// (its guest frames and its C# caller are gone with its host thread), as its own end would have.
    /// </summary>
    public void EndLost(GuestThread main, nint value)
    {
        Tracer.ThreadEnd(main.Tid, value);
        MarkEnded(main, value);
    }

    /// <summary>-18: ends the calling thread (tid 0) or asks another to end; false if there is no such thread (or the
    /// caller, for tid 0, is not a thread of this instance).</summary>
    public bool Kill(long tid, nint value)
    {
        var self = GuestThread.Current;
        if (tid == 0 || (self != null && self.Owner == this && tid == self.Tid))
        {
            if (self == null || self.Owner != this) return false;
            if (self.Adopted && self.Innermost == null)
            {
                Release(self, value);
                return true;
            }
            self.EndValue = value;
            self.Terminating = true;
            return true; // the guest never sees the call return: the handler thunk unwinds to the boundary instead
        }
        lock (_gate) return _threads.TryGetValue(tid, out var target) && RequestKill(target, value);
    }

    /// <summary>
    /// Asks <paramref name="target"/> to end (the first request's value stands); false if it has already
    /// ended or is ending. Call under the gate. A target waiting in join is woken through the word it waits on.
    /// </summary>
    private bool RequestKill(GuestThread target, nint value)
    {
        if (target.Record == null) return false; // joined
        int* state = target.State;
        Interlocked.Increment(ref *_slowPathWord); // first, so the count never drops below the kills it must cover
        while (true)
        {
            int old = Volatile.Read(ref *state);
            if ((old & (ThreadRecord.Closed | ThreadRecord.KillRequested)) != 0)
            {
                Interlocked.Decrement(ref *_slowPathWord);
                return (old & ThreadRecord.Closed) == 0;
            }
            target.KillValue = value; // before the flag: the target reads it once it sees the flag
            if (Interlocked.CompareExchange(ref *state, old | ThreadRecord.KillRequested, old) == old) break;
        }
        // The thread it joins cannot have been given back: that takes the gate, and sets Joined first.
        if (target.WaitingFor is { Joined: false } joined) Nudge(joined.State);
        // Out of a blocking host call, if it is in one (another thread only: the caller is in a syscall).
        if (target != GuestThread.Current) HostPlatform.Threads.Interrupt(target.Record->HostTid);
        return true;
    }

    /// <summary>An adopted thread ends by being released: it stays a host thread, no longer a Microcosm one.</summary>
    private void Release(GuestThread thread, nint value)
    {
        Tracer.ThreadEnd(thread.Tid, value);
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
        if (self == null) return false;
        if (self.Owner != this || !self.KillRequested || self.Terminating) return self.Terminating;
        if (self.Adopted && self.Innermost == null)
        {
            Release(self, self.KillValue);
            return false; // the syscall goes ahead on what is now an ordinary host thread
        }
        self.EndValue = self.KillValue;
        self.Terminating = true;
        return true;
    }

    /// <summary>
    /// -19: waits for thread <paramref name="tid"/> to end and collects it. Its exit value is handed to
    /// <paramref name="store"/> (with <paramref name="destination"/>) under the lock, before the thread is collected:
    /// if the store fails (a bad address), the thread stays to a join that can take its value.
    /// </summary>
    public JoinOutcome Join(long tid, nint destination, Func<nint, nint, bool> store)
    {
        var self = GuestThread.Current;
        bool mine = self != null && self.Owner == this;
        if (mine && tid == self!.Tid) return JoinOutcome.Self;
        GuestThread? target;
        int* state;
        lock (_gate)
        {
            if (!_threads.TryGetValue(tid, out target) || target.Joined) return JoinOutcome.Unknown;
            state = target.State; // its record outlives any other joiner's claim (records are never unmapped while the instance lives)
            if (mine) self!.WaitingFor = target;
        }
        try
        {
            while (true)
            {
                int observed = Volatile.Read(ref *state);
                // A kill ends a waiting joiner at once, even if the target ended at the same moment.
                if (mine && self!.KillRequested && NoticeKill()) return JoinOutcome.Killed;
                if (target.Joined) return JoinOutcome.Unknown; // another joiner took it
                if ((observed & ThreadRecord.Done) != 0) break;
                HostPlatform.Waits.Wait(state, observed);
            }
        }
        finally
        {
            if (mine) lock (_gate) self!.WaitingFor = null;
        }
        lock (_gate)
        {
            if (target.Joined) return JoinOutcome.Unknown;
            if (!store(destination, target.ExitValue)) return JoinOutcome.NotStored;
            target.Joined = true;
            _threads.Remove(tid);
        }
        // The host thread is past its end and about to exit. Waiting for that, as pthread_join does, keeps
        // the next spawn from racing its exit (its stack is free for reuse, and the two do not contend),
        // and nothing runs on its block any more: the block can go to the next thread.
        if (target.HostThread != 0) HostPlatform.Threads.Reap(target.HostThread);
        Structures.Free(target.Release());
        return JoinOutcome.Joined;
    }

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
            int* state = main.State;
            int old;
            do
            {
                old = Volatile.Read(ref *state);
                if ((old & ThreadRecord.KillRequested) == 0) return null;
            }
            while (Interlocked.CompareExchange(ref *state, old & ~ThreadRecord.KillRequested, old) != old);
            Interlocked.Decrement(ref *_slowPathWord);
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
        List<nint> others;
        lock (_gate)
        {
            others = [.. _threads.Values.Where(t => t != main && !t.Adopted && t.Record != null).Select(t => (nint)t.State)];
            foreach (var t in _threads.Values)
                if (t != main) RequestKill(t, 0);
        }
        // Their records stay while the instance lives, even if one of them joins another meanwhile.
        foreach (nint state in others)
            if (!WaitDone((int*)state, deadline)) break;
        lock (_gate) return _threads.Values.Count(t => t != main && !t.Ended && !t.Adopted);
    }

    /// <summary>Waits until <paramref name="thread"/> has ended; returns its exit value.</summary>
    public nint WaitFor(GuestThread thread)
    {
        WaitDone(thread.State);
        return thread.ExitValue;
    }

    /// <summary>Frees the structures of ended threads; running ones (spinning guests) keep theirs.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        List<GuestThread> ended, running;
        bool allEnded;
        lock (_gate)
        {
            ended = [.. _threads.Values.Where(t => t.Ended && t.Record != null)];
            running = [.. _threads.Values.Where(t => !t.Ended && t.HostThread != 0)];
            allEnded = _threads.Values.All(t => t.Ended);
        }
        foreach (var t in ended)
        {
            if (t.HostThread != 0) HostPlatform.Threads.Reap(t.HostThread); // past its end: at once
            Structures.Free(t.Release());
        }
        foreach (var t in running) HostPlatform.Threads.Detach(t.HostThread); // the host frees it if it ever ends
        Structures.Dispose();
        if (allEnded)
        {
            _threadSelf.Dispose();
            HostPlatform.Slots.Delete(Slot);
        }
    }
}

/// <summary>How a join (<see cref="ThreadManager.Join"/>) came back.</summary>
internal enum JoinOutcome
{
    /// <summary>The thread was collected; its exit value was stored.</summary>
    Joined,
    /// <summary>The joiner itself was killed while it waited: it is ending (the handler thunk unwinds).</summary>
    Killed,
    /// <summary>A thread cannot join itself.</summary>
    Self,
    /// <summary>No such thread, or it was joined already (or by another joiner meanwhile).</summary>
    Unknown,
    /// <summary>The exit value could not be stored: the thread stays joinable.</summary>
    NotStored,
}
