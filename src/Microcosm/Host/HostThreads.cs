using Iced.Intel;

namespace Microcosm.Host;

/// <summary>
/// Host threads: starting them with a stack of a given size and a guard region below it, waiting for their
/// exit, telling whether one still exists, interrupting a blocking host call on one, and watching for a thread
/// that ends without returning to the core. Thread ids here are the host's (kernel thread ids on Linux).
/// </summary>
internal abstract unsafe class HostThreads
{
    /// <summary>
    /// The inaccessible region below every stack the core allocates: a stack overflow faults there
    /// (and is reported as a guest fault) instead of running into other memory. 64 KiB rather than one
    /// page, so that a function with a frame of a few pages still lands in it.
    /// </summary>
    public const int StackGuardSize = 64 << 10;

    /// <summary>
    /// Starts a host thread that runs <c>start(arg)</c> with exactly <paramref name="stackSize"/> bytes of stack and
    /// <see cref="StackGuardSize"/> of guard below it. Detached, or — with <paramref name="joinable"/> — joinable, its
    /// handle stored there before the thread runs (so that whoever sees it end finds the handle); a joinable thread
    /// must later be given to <see cref="Reap"/> or <see cref="Detach"/>. Returns 0 or the host's error code.
    /// </summary>
    public abstract int Start(nuint stackSize, delegate* unmanaged<nint, nint> start, nint arg, nuint* joinable = null);

    /// <summary>Waits until a joinable host thread has exited (its start routine returned) and frees what the host kept for it.</summary>
    public abstract void Reap(nuint handle);

    /// <summary>Lets a joinable host thread free itself when it exits.</summary>
    public abstract void Detach(nuint handle);

    /// <summary>Whether a <see cref="Start"/> error code means the host had no memory for the thread.</summary>
    public abstract bool IsOutOfMemory(int error);

    /// <summary>A <see cref="Start"/> error code in words.</summary>
    public abstract string Describe(int error);

    /// <summary>The calling thread's stack: its lowest usable address, its size, and the guard below it; null if the host cannot tell.</summary>
    public abstract (nint Low, nuint Size, nint Guard)? CurrentStack();

    /// <summary>The calling thread's id (what <see cref="Exists"/> and <see cref="Interrupt"/> take).</summary>
    public abstract int CurrentId();

    /// <summary>Emits code that leaves <see cref="CurrentId"/> in eax; it may clobber what a System V call may.</summary>
    public abstract void EmitCurrentId(Assembler a);

    /// <summary>Whether thread <paramref name="id"/> of this process still exists.</summary>
    public abstract bool Exists(int id);

    /// <summary>
    /// Emits the handler of the interruption <see cref="Interrupt"/> sends: it makes the thread's blocking host call
    /// fail (EINTR) so that the caller's retry passes a checkpoint; where the host interrupts a running thread too (a
    /// POSIX signal), it asks <paramref name="route"/> (the fault route, with an event whose signal is
    /// <see cref="InterruptEvent"/>) whether to stop the thread there, and resumes it as the answer says.
    /// </summary>
    public abstract void EmitInterruptHandler(Assembler a, nint route);

    /// <summary>The signal of the fault events an interruption raises (<see cref="EmitInterruptHandler"/>), or -1 if the
    /// host's interruption reaches only blocked calls (it raises none).</summary>
    public virtual int InterruptEvent => -1;

    /// <summary>Where the host's interruption reaches only blocked calls (<see cref="InterruptEvent"/> -1), emits the code
    /// that stops a thread that computes (System V, whatever arguments the host's <see cref="Interrupt"/> passes it): it asks
    /// <paramref name="stopRoute"/> (System V, <c>FaultAction stop(FaultEvent *, Boundary *)</c>) with the thread's value of
    /// <paramref name="boundarySlot"/> (its active boundary), and resumes the thread as the answer says. Elsewhere nothing:
    /// the interruption's handler asks the route itself.</summary>
    public virtual void EmitStop(Assembler a, nint stopRoute, uint boundarySlot) => a.ret();

    /// <summary>Installs the emitted interrupt handler and stop (<see cref="EmitStop"/>), both in the host's convention,
    /// process-wide, once; before any <see cref="Interrupt"/>.</summary>
    public abstract void InstallInterruptHandler(nint handler, nint stop);

    /// <summary>Interrupts whatever blocking host call thread <paramref name="id"/> is making, if any; with
    /// <paramref name="stop"/> (a kill that may stop it anywhere: docs/threads.md; a signal for a thread that computes),
    /// a thread that computes is offered to the route too, where the interruption does not reach it by itself (Windows).
    /// With <paramref name="stillWanted"/>, that offer waits a moment for the thread to take the interruption at a call
    /// first, and is made only if it still says so.</summary>
    public abstract void Interrupt(int id, bool stop = false, Func<bool>? stillWanted = null);

    /// <summary>What can tell the exit status of the calling thread if it ends without returning to the core (a guest's
    /// raw exit system call), or null where the host cannot tell.</summary>
    public abstract ThreadExitWatch? WatchCurrentThreadExit();
}
