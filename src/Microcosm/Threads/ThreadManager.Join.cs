using Microcosm.Host;

namespace Microcosm.Threads;

// Joining threads (-19): waiting on a thread's state word, interruptibly by a kill, and collecting it: its
// exit value stored, its host thread reaped, its block given to the next thread.
internal sealed unsafe partial class ThreadManager
{
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
                // A target killed but not yet ending may have lost the kill's interruption: look again, and send it again, in a while.
                bool killPending = KillPending(observed);
                HostPlatform.Waits.Wait(state, observed, killPending ? InterruptRetry : null);
                if (killPending) lock (_gate) InterruptAgain(target);
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

    /// <summary>Waits until <paramref name="thread"/> has ended; returns its exit value.</summary>
    public nint WaitFor(GuestThread thread)
    {
        WaitDone(thread.State);
        return thread.ExitValue;
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
