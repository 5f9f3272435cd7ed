using Microcosm.Host;

namespace Microcosm.Threads;

// The process end: the main thread (tid 1) is the process. Waiting for it, which also watches for a main thread
// lost to a raw exit system call; its survival past its own end to run the finalizers; and the end of every
// other thread when it has ended.
internal sealed unsafe partial class ThreadManager
{
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
            // A kill's interruption may have been lost: one still pending after a while is sent again.
            bool killPending = KillPending(observed);
            TimeSpan left = killPending ? InterruptRetry : LivenessCheck;
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
            if (killPending) lock (_gate) InterruptAgain(main);
            int hostTid = main.Record->HostTid; // 0 until the thread has started
            if (hostTid != 0 && !HostPlatform.Threads.Exists(hostTid) && (Volatile.Read(ref *state) & ThreadRecord.Done) == 0) return MainEnd.Lost;
        }
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
    /// Returns the number still running. A thread that computes without making syscalls ends only with
    /// <paramref name="anywhere"/> (when the program's finalizers have run, or will not: <see cref="RequestKill"/>),
    /// and then only where it runs the program's own code, not in a host library it called.
    /// </summary>
    public int EndOthers(GuestThread main, TimeSpan timeout, bool anywhere)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<(GuestThread Thread, nint State)> others;
        lock (_gate)
        {
            others = [.. _threads.Values.Where(t => t != main && !t.Adopted && t.Record != null).Select(t => (t, (nint)t.State))];
            foreach (var t in _threads.Values)
                if (t != main) RequestKill(t, 0, anywhere);
        }
        // Their records stay while the instance lives, even if one of them joins another meanwhile.
        foreach (var (thread, state) in others)
            if (!WaitKilled(thread, (int*)state, deadline)) break;
        lock (_gate) return _threads.Values.Count(t => t != main && !t.Ended && !t.Adopted);
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
}
