using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// One instance's threads: its thread table, and the native -9 stub. The core syscalls -8, -10 and -16 … -19
/// are answered here (their entries, which check the guest's arguments and answer -errno, are
/// Syscalls/ThreadSyscalls.cs), one concern per file, as gVisor splits its task_start.go and task_exit.go:
/// <list type="bullet">
/// <item>ThreadManager.Start.cs: the three ways a thread starts (C#, native, adoption) and the first and
/// last things every thread does;</item>
/// <item>ThreadManager.End.cs: how a thread ends — its state word, kills, release, faults, exit by signal;</item>
/// <item>ThreadManager.Join.cs: waiting for a thread and collecting it;</item>
/// <item>ThreadManager.ProcessEnd.cs: the main thread's end, the others' at process end, and the watch for a
/// main thread lost to a raw exit system call.</item>
/// </list>
/// A thread's end is published in its record's state word (<see cref="ThreadRecord.State"/>), which joins and
/// the instance's own waits sleep on (<see cref="HostWaits"/>), so a thread spawned by a guest can live and end
/// without entering .NET (<see cref="ThreadStartStub"/>). Waits (join) are interruptible by kill: a kill changes
/// the word the joiner waits on.
/// </summary>
internal sealed unsafe partial class ThreadManager : IDisposable
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
        Structures = new ThreadStructures(new ThreadLocalStorage());
    }

    public ThreadStructures Structures { get; }

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

    private GuestThread Create(long tid, bool adopted, nint structureAt = 0)
    {
        var record = Structures.Allocate(tid, structureAt);
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

    /// <summary>Main thread support: tid 1 is created by <see cref="Start"/> with the program's body.</summary>
    public const long MainTid = 1;

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
