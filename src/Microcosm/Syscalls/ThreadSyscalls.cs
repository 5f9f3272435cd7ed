using Microcosm.Host;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// The entries of the thread core syscalls (-8, -10, -16 … -19; docs/threads.md): they check the guest's
/// arguments, call the instance's <see cref="ThreadManager"/> and answer with a result or -errno. The thread
/// manager itself speaks no errno.
/// </summary>
internal sealed class ThreadSyscalls(ThreadManager threads)
{
    /// <summary>-8: a new region of <paramref name="size"/> bytes aligned to <paramref name="align"/> (0 = 16) in every structure.</summary>
    public nint Expand(nint size, nint align)
    {
        if (align == 0) align = 16;
        if (size < 0 || !ThreadStructures.IsValidAlignment(align)) return -Errno.EINVAL;
        return threads.Structures.Expand(size, align) is { } offset ? (nint)offset : -Errno.ENOMEM;
    }

    /// <summary>-16: a thread running <c>intptr_t fn(intptr_t arg)</c> on <paramref name="stackSize"/> bytes of stack (0: the default).</summary>
    public nint Spawn(nint fn, nint arg, nint stackSize)
    {
        if (fn == 0) return -Errno.EINVAL;
        long size = stackSize == 0 ? ThreadManager.DefaultStackSize : stackSize;
        if (size < 0 || size > ThreadManager.MaximumStackSize) return -Errno.ENOMEM;
        size = (long)HostMemory.PageUp((ulong)Math.Max(size, ThreadManager.MinimumStackSize));
        if (threads.Spawn(fn, arg, size, out int hostError) is { } tid) return (nint)tid;
        return HostPlatform.Threads.IsOutOfMemory(hostError) ? -Errno.ENOMEM : -Errno.EAGAIN;
    }

    /// <summary>-17: makes the calling host thread a Microcosm thread; its tid.</summary>
    public nint Adopt() => (nint)threads.Adopt();

    /// <summary>-18: ends the calling thread (tid 0) or asks another to end.</summary>
    public nint Kill(nint tid, nint value) => threads.Kill(tid, value) ? 0 : -Errno.ESRCH;

    /// <summary>-13: interrupts thread <paramref name="tid"/> for a signal, or (tid 0) says whether the caller was.</summary>
    public nint Interrupt(nint tid) =>
        tid == 0 ? (threads.TakeSignalInterrupt() ? 1 : 0) : tid > 0 && threads.InterruptForSignal(tid) ? 0 : -Errno.ESRCH;

    /// <summary>-15: the guest's own fault handling (docs/processes.md): the entry, the fault area's offset in every thread
    /// structure and the set of signals it handles, which the fault handler reads where the fault happens, so it must
    /// stay readable: 8-aligned guest memory.</summary>
    public nint SetFaultEntry(nint entry, nint areaOffset, nint handled)
    {
        if (entry != 0 && (handled % 8 != 0 || !GuestMemory.TryRead(handled, out long _))) return -Errno.EINVAL;
        return threads.Structures.SetFaultEntry(entry, areaOffset, handled) ? 0 : -Errno.EINVAL;
    }

    /// <summary>-10: the program ends as if killed by <paramref name="signal"/>.</summary>
    public nint ExitBySignal(nint signal)
    {
        if (signal < 1 || signal > ThreadManager.MaxSignal) return -Errno.EINVAL;
        return threads.ExitBySignal((int)signal) ? 0 : -Errno.ESRCH;
    }

    /// <summary>-19: waits for a thread to end and stores its exit value at <paramref name="valueOut"/> (if not NULL).</summary>
    public nint Join(nint tid, nint valueOut) => threads.Join(tid, valueOut, StoreExitValue) switch
    {
        JoinOutcome.Joined or JoinOutcome.Killed => 0,   // Killed: never seen, the handler thunk unwinds
        JoinOutcome.Self => -Errno.EDEADLK,
        JoinOutcome.NotStored => -Errno.EFAULT,
        _ => -Errno.ESRCH,
    };

    /// <summary>Through the checked copy: a bad pointer fails the join with -EFAULT and leaves the thread joinable.</summary>
    private static bool StoreExitValue(nint destination, nint value) =>
        destination == 0 || GuestMemory.TryWrite(destination, value);
}
