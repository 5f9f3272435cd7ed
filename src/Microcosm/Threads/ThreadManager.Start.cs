using System.Runtime.InteropServices;
using Microcosm.Faults;
using Microcosm.Host;

namespace Microcosm.Threads;

// Starting threads: a C# body on a new host thread (the main thread, module start-up, traced spawns), a guest
// function on a new host thread that never enters .NET (spawn, -16), or the calling host thread (adoption, -17);
// and what every thread does first and last on its host thread (Attach, Detach).
internal sealed unsafe partial class ThreadManager
{
    /// <summary>
    /// Starts a host thread that runs <paramref name="body"/> (C#) as Microcosm thread <paramref name="tid"/>;
    /// a <paramref name="joinable"/> one (a spawned thread) is reaped by the join that collects it.
    /// </summary>
    public GuestThread? Start(long tid, long stackSize, Func<GuestThread, nint> body, out int error, bool joinable = false, nint structureAt = 0)
    {
        var thread = Create(tid, adopted: false, structureAt);
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
    public GuestThread StartOrThrow(long tid, long stackSize, Func<GuestThread, nint> body, string what, nint structureAt = 0) =>
        Start(tid, stackSize, body, out int error, structureAt: structureAt)
        ?? throw new InvalidOperationException($"cannot start the {what} thread: {HostPlatform.Threads.Describe(error)}");

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
        thread.OuterThreadPointer = HostPlatform.Slots.Get(ThreadLocalStorage.PointerSlot);   // an instance's run inside another's
        HostPlatform.Slots.Set(ThreadLocalStorage.PointerSlot, thread.Structure);
        thread.OwnsSignalStack = SignalStack.Install(thread.Record); // so that a stack overflow in guest code can be reported
    }

    private void Detach(GuestThread thread)
    {
        if (thread.OwnsSignalStack) SignalStack.Remove(thread.Record);
        thread.OwnsSignalStack = false;
        HostPlatform.Slots.Set(Slot, 0);
        HostPlatform.Slots.Set(GuestThread.HostSlot, 0);
        HostPlatform.Slots.Set(ThreadLocalStorage.PointerSlot, thread.OuterThreadPointer);
        if (GuestThread.Current == thread) GuestThread.Current = null;
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
}
