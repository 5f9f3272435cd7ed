using Microcosm.Faults;
using Microcosm.Host;

namespace Microcosm.Threads;

// Ending threads: the state word a thread's end is published in, the kill protocol (a kill sets a flag in the
// target's word and counts in the dispatcher's slow-path word until the target notices it or closes), the
// release of adopted threads, guest faults and exit by signal (-10), which end the whole program.
internal sealed unsafe partial class ThreadManager
{
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

    /// <summary>-18: ends the calling thread (tid 0) or asks another to end; false if there is no such thread (or the
    /// caller, for tid 0, is not a thread of this instance). With <paramref name="anywhere"/> (the program is ending and
    /// runs none of its finalizers) another thread may be stopped wherever it computes in the program's own code.</summary>
    public bool Kill(long tid, nint value, bool anywhere = false)
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
        lock (_gate) return _threads.TryGetValue(tid, out var target) && RequestKill(target, value, anywhere);
    }

    /// <summary>
    /// Asks <paramref name="target"/> to end (the first request's value stands); false if it has already
    /// ended or is ending. Call under the gate. A target waiting in join is woken through the word it waits on.
    /// With <paramref name="anywhere"/>, the interruption may also stop it where it computes in the program's own code
    /// (the fault route, <see cref="Faults.FaultDelivery.Stop"/>), for a program that ends without running its finalizers:
    /// nothing of the program runs after, so whatever the thread held of it (a lock of its C library) stays held harmlessly.
    /// </summary>
    private bool RequestKill(GuestThread target, nint value, bool anywhere = false)
    {
        if (target.Record == null) return false; // joined
        if (anywhere) Volatile.Write(ref target.Record->Fault.Stop, 1);   // before the interruption that acts on it
        int* state = target.State;
        Interlocked.Increment(ref *_slowPathWord); // first, so the count never drops below the kills it must cover
        while (true)
        {
            int old = Volatile.Read(ref *state);
            if ((old & (ThreadRecord.Closed | ThreadRecord.KillRequested)) != 0)
            {
                Interlocked.Decrement(ref *_slowPathWord);
                // Killed before, and now to be stopped anywhere: interrupted again, for the route to stop it (on Windows,
                // where that suspends the thread, from the next retry: InterruptAgain).
                if (anywhere && (old & ThreadRecord.Closed) == 0 && target != GuestThread.Current)
                    HostPlatform.Threads.Interrupt(target.Record->HostTid);
                return (old & ThreadRecord.Closed) == 0;
            }
            target.KillValue = value; // before the flag: the target reads it once it sees the flag
            if (Interlocked.CompareExchange(ref *state, old | ThreadRecord.KillRequested, old) == old) break;
        }
        // The thread it joins cannot have been given back: that takes the gate, and sets Joined first.
        if (target.WaitingFor is { Joined: false } joined) Nudge(joined.State);
        if (Volatile.Read(ref target.WaitingOnWord) is var word and not 0) Nudge((int*)word);
        RaiseAlarm(target.Record);
        // Out of a blocking host call, if it is in one (another thread only: the caller is in a syscall).
        // A stop where the interruption does not reach a computing thread by itself (Windows suspends it) comes with the
        // retries (InterruptAgain): a thread blocked in a call ends at once without it.
        if (target != GuestThread.Current) HostPlatform.Threads.Interrupt(target.Record->HostTid);
        return true;
    }

    /// <summary>
    /// How long a wait for a killed thread lets pass before it interrupts the thread again
    /// (<see cref="InterruptAgain"/>); as long as a module's wait slice (LX_SLICE_NS).
    /// </summary>
    private static readonly TimeSpan InterruptRetry = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Interrupts <paramref name="target"/> again if its kill is still pending. The interruption of
    /// <see cref="RequestKill"/> can be lost: the target checks for kills when its call enters the dispatcher,
    /// and a signal that lands after that check but before the module's host call blocks (a read of a pipe)
    /// interrupts nothing, so the call blocks until its data comes, perhaps never. Whoever waits for a killed
    /// thread therefore calls this every <see cref="InterruptRetry"/> until the thread has ended. Call under
    /// the gate (a thread that is not closed is still on its host thread, so its host id is still its own).
    /// </summary>
    private void InterruptAgain(GuestThread target)
    {
        if (target.Record == null || target == GuestThread.Current) return; // joined meanwhile; or the caller itself, in a syscall
        if (target.Adopted && target.Innermost == null) return; // an embedder's thread in its own code: no module call to wake
        if (target.Terminating) return; // it has noticed the kill and is unwinding: nothing left to wake it from
        if (KillPending(Volatile.Read(ref *target.State)))
            HostPlatform.Threads.Interrupt(target.Record->HostTid, stop: Volatile.Read(ref target.Record->Fault.Stop) != 0);
    }

    /// <summary>Whether a state word shows a kill requested and the thread not yet ending (closed).</summary>
    private static bool KillPending(int state) => (state & (ThreadRecord.KillRequested | ThreadRecord.Closed)) == ThreadRecord.KillRequested;

    /// <summary>
    /// Waits until the killed <paramref name="thread"/> has Done in <paramref name="state"/> (its state word), or
    /// <paramref name="until"/> passes, interrupting it again meanwhile. True if it has.
    /// </summary>
    private bool WaitKilled(GuestThread thread, int* state, DateTime until)
    {
        while (true)
        {
            var retry = DateTime.UtcNow + InterruptRetry;
            if (WaitDone(state, retry < until ? retry : until)) return true;
            if (DateTime.UtcNow >= until) return false;
            lock (_gate) InterruptAgain(thread);
        }
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
                if (thread != main) RequestKill(main, fault.ExitStatus, anywhere: true);   // no finalizers after a fault
                Nudge(main.State); // WaitForMain starts counting its grace period
            }
            return thread.EndValue;
        }
    }

    /// <summary>The highest signal number -10 takes (Linux's SIGRTMAX).</summary>
    public const int MaxSignal = 64;

    private int _exitSignal;

    /// <summary>The signal of the first -10 call, or 0: the program ended by it if its status is 128 + it.</summary>
    public int ExitSignal => Volatile.Read(ref _exitSignal);

    /// <summary>
    /// A signal from outside whose action is to end the program (the program takes no outside signals itself):
    /// it ends as by -10 from one of its threads, the main thread killed with 128 + <paramref name="signal"/>.
    /// </summary>
    public void EndBySignal(int signal)
    {
        RecordExitSignal(signal);
        Kill(MainTid, 128 + signal, anywhere: true);   // no finalizers after a signal's end
    }

    /// <summary>Called once, with the signal, when a signal first decides the program's end (-10 or <see cref="EndBySignal"/>).</summary>
    public Action<int>? ExitSignalled { get; set; }

    private void RecordExitSignal(int signal)
    {
        if (Interlocked.CompareExchange(ref _exitSignal, signal, 0) == 0) ExitSignalled?.Invoke(signal);
    }

    /// <summary>
    /// -10: the program ends as if killed by <paramref name="signal"/> (1 … <see cref="MaxSignal"/>), from any thread:
    /// as a libc's exit(), the main thread is killed with 128 + signal and the caller ends; the instance records the
    /// signal. False if the caller is not a thread of this instance.
    /// </summary>
    public bool ExitBySignal(int signal)
    {
        RecordExitSignal(signal);
        nint status = 128 + signal;
        Kill(MainTid, status, anywhere: true);   // no finalizers after a signal's end
        return Kill(0, status);
    }
}
