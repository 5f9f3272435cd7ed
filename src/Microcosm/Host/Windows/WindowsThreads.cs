using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Windows threads. A stack Windows grows on demand is grown one guard page at a time, which guest code built for
/// Linux does not expect: gcc there does not touch each page of a large frame in turn, so a frame that skips the
/// guard page would fault. So a thread's stack is committed whole when it starts (CreateThread's size is the
/// commit); Windows keeps its guard page below it. Kill's interruption is a user APC (it ends the alertable
/// waits the modules block in) and CancelSynchronousIo (it ends a blocking read or write).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsThreads : HostThreads
{
    /// <summary>The bottom of a reservation that counts as the guard: where a stack overflow's fault address is.</summary>
    internal const int OverflowZone = 64 << 10;
    private nint _interruptHandler;

    public override int Start(nuint stackSize, delegate* unmanaged<nint, nint> start, nint arg, nuint* joinable = null)
    {
        uint id;
        nint thread = CreateThread(0, stackSize, (delegate* unmanaged<nint, uint>)start, arg, joinable != null ? CREATE_SUSPENDED : 0, &id);
        if (thread == 0) return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (joinable != null)
        {
            *joinable = (nuint)thread;      // stored before the thread runs, as the seam promises
            ResumeThread(thread);
        }
        else
        {
            CloseHandle(thread);
        }
        return 0;
    }

    public override void Reap(nuint handle)
    {
        WaitForSingleObject((nint)handle, INFINITE);
        CloseHandle((nint)handle);
    }

    public override void Detach(nuint handle) => CloseHandle((nint)handle);

    public override bool IsOutOfMemory(int error) => error is ERROR_NOT_ENOUGH_MEMORY or ERROR_OUTOFMEMORY or ERROR_COMMITMENT_LIMIT;

    public override string Describe(int error) => Kernel32.Describe(error);

    /// <summary>The reservation from GetCurrentThreadStackLimits, less the zone at its bottom that an overflow faults in.</summary>
    public override (nint Low, nuint Size, nint Guard)? CurrentStack()
    {
        nuint low, high;
        GetCurrentThreadStackLimits(&low, &high);
        if (high <= low + OverflowZone) return null;
        return ((nint)(low + OverflowZone), high - low - OverflowZone, OverflowZone);
    }

    public override int CurrentId() => (int)GetCurrentThreadId();

    /// <summary>The TEB's ClientId.UniqueThread (gs:[0x48]): what GetCurrentThreadId returns.</summary>
    public override void EmitCurrentId(Assembler a) => a.mov(eax, __dword_ptr.gs[0x48]);

    public override bool Exists(int id)
    {
        nint thread = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, false, (uint)id);
        if (thread == 0) return false;
        uint code;
        bool running = GetExitCodeThread(thread, &code) && code == STILL_ACTIVE;
        CloseHandle(thread);
        return running;
    }

    /// <summary>An APC routine (<c>void apc(ULONG_PTR)</c>) that does nothing: being delivered is what ends the wait.</summary>
    public override void EmitInterruptHandler(Assembler a, nint route) => a.ret();   // an APC: it reaches only a blocked call

    /// <summary>The signal of the events <see cref="WindowsThreadStop"/> asks the route about: no signal's number.</summary>
    public const int InterruptSignal = 1 << 16;

    public override int InterruptEvent => InterruptSignal;

    public override void EmitStop(Assembler a, nint stopRoute, uint boundarySlot) => WindowsThreadStop.Emit(a, stopRoute, boundarySlot);

    public override void InstallInterruptHandler(nint handler, nint stop)
    {
        _interruptHandler = handler;
        _stop = (delegate* unmanaged<nint, nint, void>)stop;
    }

    private delegate* unmanaged<nint, nint, void> _stop;

    private const int ThreadBasicInformation = 0, BasicInformationSize = 48, TebOffset = 8;

    /// <summary>Stops <paramref name="thread"/> (a handle with suspend, context and query access) if the route says so:
    /// the emitted stop (<see cref="WindowsThreadStop"/>) given its TEB, where its slots are.</summary>
    private void TryStop(nint thread)
    {
        byte* information = stackalloc byte[BasicInformationSize];
        uint returned;
        if (NtQueryInformationThread(thread, ThreadBasicInformation, information, BasicInformationSize, &returned) != 0) return;
        nint teb = *(nint*)(information + TebOffset);
        if (teb != 0) _stop(thread, teb);
    }

    /// <summary>How long a thread has to take a signal's interruption at a call before it is stopped where it computes.</summary>
    private static readonly TimeSpan TakenAtACall = TimeSpan.FromMilliseconds(10);

    /// <summary>An APC and CancelSynchronousIo end a blocked call; with <paramref name="stop"/>, a thread that computes is
    /// stopped if the route says so (<see cref="WindowsThreadStop"/>: suspended, so only then). The stop is done on a pool
    /// thread, never the caller's: callers hold the instance's thread lock, and reading a suspended thread's context
    /// waits for it to reach its suspension (Wine suspends by a signal the thread may have blocked), which it may not
    /// while it waits for that lock in a syscall. For a signal (<paramref name="stillWanted"/>) it waits
    /// <see cref="TakenAtACall"/> first, and stops it only if it still wants it: most threads take one at the call the
    /// APC ended, and need no suspension. (That wait once also hid a hang: a thread cancelled in a condition wait and
    /// stopped while it ended hung its join under Wine in half the runs. Its cause was the stop's window in C#, which
    /// the JIT or a garbage collection could block on the suspended thread's locks: the window is generated code now,
    /// and 30 runs of cancel.c with the wait taken out, 10 of them under load, did not hang.)</summary>
    public override void Interrupt(int id, bool stop = false, Func<bool>? stillWanted = null)
    {
        uint access = THREAD_SET_CONTEXT | THREAD_TERMINATE | (stop ? THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION : 0);
        nint thread = OpenThread(access, false, (uint)id);
        if (thread == 0) return;
        if (_interruptHandler != 0) QueueUserAPC(_interruptHandler, thread, 0);
        CancelSynchronousIo(thread);
        if (stop && _stop != null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(t =>
            {
                if (stillWanted != null) Thread.Sleep(TakenAtACall);
                if (stillWanted == null || stillWanted()) TryStop(t);
                CloseHandle(t);
            }, thread, preferLocal: false);
            return;
        }
        CloseHandle(thread);
    }

    /// <summary>A guest's raw Linux exit system call has no meaning on Windows: nothing to watch for.</summary>
    public override ThreadExitWatch? WatchCurrentThreadExit() => null;
}
