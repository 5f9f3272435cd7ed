using Microcosm.Host;

namespace Microcosm.Threads;

// Interrupting a thread for a signal (-13): the host call it blocks in is interrupted as a kill interrupts it, but
// the thread goes on: the module returns -EINTR, and the C library runs the signal's handler on that thread, then
// restarts the call or returns EINTR, as Linux does; a thread that computes in the program's own code goes to the C
// library's entry where it is, which runs the handler and resumes it (docs/processes.md).
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
            // Where it computes in the program's own code, the interruption's handler sends it to the C library's
            // entry (the fault route), which delivers what is pending there; on Windows, by suspending it (stop).
            Volatile.Write(ref target.Record->Fault.Signal, 1);
            RaiseAlarm(target.Record);
            int hostTid = target.Record->HostTid;
            nint record = (nint)target.Record;
            if (target != GuestThread.Current && hostTid != 0)
                HostPlatform.Threads.Interrupt(hostTid, stop: true, stillWanted: () => StillWantsSignal((ThreadRecord*)record));
            return true;
        }
    }

    /// <summary>
    /// Counts a kill or a signal interruption in the thread's alarms (its structure's header) and wakes whoever sleeps on
    /// them, after what it stands for is recorded. The host's interruption alone can be lost: it may land after the
    /// thread's last check and before its host call sleeps. A module's futex wait closes that window: it reads the
    /// alarms, checks, and sleeps on the alarms together with its word (Linux's futex_waitv), so an alarm in between
    /// ends the sleep at once or keeps it from starting (docs/threads.md, "Futexes").
    /// </summary>
    private static void RaiseAlarm(ThreadRecord* record)
    {
        int* alarms = (int*)(record->Structure + ThreadStructures.AlarmsOffset);
        Interlocked.Increment(ref *alarms);
        HostPlatform.Waits.WakeAll(alarms);
    }

    /// <summary>Whether a signal still waits for the thread of <paramref name="record"/> where it computes: it has not taken
    /// it at a call, and it is not ending (a record is reused only with the flag cleared).</summary>
    private static bool StillWantsSignal(ThreadRecord* record) =>
        Volatile.Read(ref record->Fault.Signal) != 0 && (Volatile.Read(ref record->State) & (ThreadRecord.Closed | ThreadRecord.Done)) == 0
        && Volatile.Read(ref record->Terminating) == 0;

    /// <summary>-13 with tid 0: whether the caller was interrupted for a signal since it last asked; clears it.</summary>
    public bool TakeSignalInterrupt()
    {
        if (GuestThread.Current is not { } self || self.Owner != this || Interlocked.Exchange(ref self.SignalInterrupt, 0) == 0) return false;
        if (self.Record != null) Volatile.Write(ref self.Record->Fault.Signal, 0);   // taken at a call, not where it computes
        return true;
    }
}
