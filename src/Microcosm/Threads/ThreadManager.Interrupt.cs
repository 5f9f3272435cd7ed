using Microcosm.Host;

namespace Microcosm.Threads;

// Interrupting a thread for a signal (-13): the host call it blocks in is interrupted as a kill interrupts it, but
// the thread goes on: the module returns -EINTR, and the C library runs the signal's handler on that thread, then
// restarts the call or returns EINTR, as Linux does (docs/processes.md).
internal sealed unsafe partial class ThreadManager
{
    /// <summary>-13 with a tid: marks thread <paramref name="tid"/> interrupted and wakes it out of a blocking host
    /// call. False if there is no such thread (or it has ended).</summary>
    public bool InterruptForSignal(long tid)
    {
        lock (_gate)
        {
            if (!_threads.TryGetValue(tid, out var target) || target.Record == null || target.Ended) return false;
            Volatile.Write(ref target.SignalInterrupt, 1);
            int hostTid = target.Record->HostTid;
            if (target != GuestThread.Current && hostTid != 0) HostPlatform.Threads.Interrupt(hostTid);
            return true;
        }
    }

    /// <summary>-13 with tid 0: whether the caller was interrupted for a signal since it last asked; clears it.</summary>
    public bool TakeSignalInterrupt() =>
        GuestThread.Current is { } self && self.Owner == this && Interlocked.Exchange(ref self.SignalInterrupt, 0) != 0;
}
