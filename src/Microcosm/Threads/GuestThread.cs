using Microcosm.Native;

namespace Microcosm.Threads;

/// <summary>
/// A Microcosm thread: a host thread the core created (or adopted with -17), its tid, its thread
/// structure, the chain of boundaries where the core entered guest code on it, and its fate.
/// </summary>
internal sealed unsafe class GuestThread(ThreadManager owner, long tid, nint structure, bool adopted)
{
    [ThreadStatic] private static GuestThread? t_current;

    /// <summary>The Microcosm thread running on the calling host thread, if any.</summary>
    public static GuestThread? Current
    {
        get => t_current;
        set => t_current = value;
    }

    public ThreadManager Owner { get; } = owner;
    public long Tid { get; } = tid;
    public nint Structure { get; set; } = structure;
    public bool Adopted { get; } = adopted;

    /// <summary>The innermost C# → guest entry on this thread (the top of a linked list of stack records).</summary>
    public Boundary* Innermost;

    /// <summary>Another thread asked this one to end (kill); it does so at its next syscall.</summary>
    public volatile bool KillRequested;
    public nint KillValue;

    /// <summary>This thread is ending: each boundary it unwinds through passes the termination on.</summary>
    public bool Terminating;
    public nint ExitValue;

    public bool Ended;
    public bool Joined;

    /// <summary>The alternate signal stack the core gave this host thread (0: it had its own, or has none).</summary>
    public nint SignalStack;
}

/// <summary>
/// Thrown in C# code when guest code it called was unwound because the thread is ending; it
/// carries the termination out through C# frames to the next boundary (or the thread's start).
/// </summary>
internal sealed class ThreadTermination(nint value) : Exception("the Microcosm thread is ending")
{
    public nint Value { get; } = value;
}
