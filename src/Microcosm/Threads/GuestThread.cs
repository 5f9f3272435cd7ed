using System.Runtime.InteropServices;
using Microcosm.Host;
using Microcosm.Faults;

namespace Microcosm.Threads;

/// <summary>
/// A Microcosm thread: a host thread the core created (or adopted with -17), its tid, its native
/// <see cref="ThreadRecord"/> (structure, state word, boundaries), and its fate. A thread the core
/// starts natively never enters .NET unless it calls a C# handler; then <see cref="Current"/> finds this
/// object through <see cref="HostSlot"/>.
/// </summary>
internal sealed unsafe class GuestThread(ThreadManager owner, long tid, ThreadRecord* record, bool adopted)
{
    [ThreadStatic] private static GuestThread? t_current;

    /// <summary>Process-wide host thread-local slot: the <see cref="ThreadRecord"/> of the Microcosm thread
    /// running on the host thread (of any instance), or 0. Set by both start routines and by adoption.</summary>
    public static readonly uint HostSlot = HostPlatform.Slots.Create();

    /// <summary>The Microcosm thread running on the calling host thread, if any.</summary>
    public static GuestThread? Current
    {
        get => t_current ?? FromHostSlot();
        set => t_current = value;
    }

    private static GuestThread? FromHostSlot()
    {
        nint record = HostPlatform.Slots.Get(HostSlot);
        return record == 0 ? null : t_current = Of((ThreadRecord*)record);
    }

    /// <summary>The thread a record currently belongs to.</summary>
    public static GuestThread Of(ThreadRecord* record) => (GuestThread)GCHandle.FromIntPtr(record->Managed).Target!;

    private ThreadRecord* _record = record;
    private nint _exitValue;

    public ThreadManager Owner { get; } = owner;
    public long Tid { get; } = tid;
    public bool Adopted { get; } = adopted;

    /// <summary>The thread's native record; null once the thread was joined and its block given back.</summary>
    public ThreadRecord* Record => _record;

    public nint Structure => _record->Structure;

    /// <summary>The thread pointer the host thread had before it was attached (0 but for a run inside another instance's).</summary>
    public nint OuterThreadPointer { get; set; }

    /// <summary>The innermost C# → guest entry on this thread (the top of a linked list of stack records).</summary>
    public Boundary* Innermost
    {
        get => (Boundary*)_record->Innermost;
        set => _record->Innermost = (nint)value;
    }

    /// <summary>The state word (<see cref="ThreadRecord.State"/>) that joins wait on.</summary>
    public int* State => &_record->State;

    /// <summary>Another thread asked this one to end (kill); it does so at its next syscall.</summary>
    public bool KillRequested => (Volatile.Read(ref *State) & ThreadRecord.KillRequested) != 0;
    public nint KillValue;

    /// <summary>This thread is ending: each boundary it unwinds through passes the termination on (the
    /// handler thunks read it from the record).</summary>
    public bool Terminating
    {
        get => _record->Terminating != 0;
        set => _record->Terminating = value ? 1 : 0;
    }

    /// <summary>The exit value a terminating thread ends with.</summary>
    public nint EndValue
    {
        get => _record->EndValue;
        set => _record->EndValue = value;
    }

    /// <summary>The thread has ended: its exit value is final.</summary>
    public bool Ended => _record == null || (Volatile.Read(ref *State) & ThreadRecord.Done) != 0;

    /// <summary>The value the thread ended with (valid once <see cref="Ended"/>).</summary>
    public nint ExitValue => _record == null ? _exitValue : _record->ExitValue;

    /// <summary>Set (under the manager's lock) by the join that collected the thread, before its record goes back.</summary>
    public volatile bool Joined;

    /// <summary>While this thread waits in join: the thread it waits for, whose state word a kill changes to wake it.</summary>
    public GuestThread? WaitingFor;

    /// <summary>While this thread waits on a word of the instance's (the next outside signal): that word, which a
    /// kill changes to wake it; 0 otherwise. Set with a full fence before the thread looks for a kill.</summary>
    public nint WaitingOnWord;

    /// <summary>1 when the thread was interrupted for a signal (-13) and has not asked since (a module that sees
    /// its host call interrupted asks, and returns -EINTR if so).</summary>
    public int SignalInterrupt;

    /// <summary>The host thread of a spawned thread (joinable: the join that collects the thread reaps it); 0 otherwise.
    /// In the record, where the host stores it before the thread runs.</summary>
    public nuint HostThread => _record->HostThread;

    /// <summary>The core installed the block's alternate signal stack on this (managed-started or adopted) thread.</summary>
    public bool OwnsSignalStack;

    /// <summary>The main thread's: what tells its exit status if its host thread ends without returning to the core
    /// (a raw exit system call); null elsewhere, or where the host cannot tell.</summary>
    public ThreadExitWatch? ExitWatch;

    /// <summary>The thread was joined: keeps the exit value and lets go of the record, whose block goes back to the pool.</summary>
    public ThreadRecord* Release()
    {
        var record = _record;
        _exitValue = record->ExitValue;
        _record = null;
        return record;
    }
}

/// <summary>
/// Thrown in C# code when guest code it called was unwound because the thread is ending; it
/// carries the termination out through C# frames to the next boundary (or the thread's start).
/// </summary>
internal sealed class ThreadTermination(nint value) : Exception("the Microcosm thread is ending")
{
    public nint Value { get; } = value;
}
