using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Stops a thread that computes, on Windows, where the interruption (an APC) reaches only a blocked call: the thread is
/// suspended and its registers read, and the core's route decides as it decides for a POSIX thread the interruption
/// signal reached (<c>FaultRoute</c>'s stop entry), given the thread's active boundary, read from its TEB where the slot
/// lives. If the route stops it, its context is rewritten to the landing - as the vectored fault handler rewrites a
/// faulted thread's - and it resumes there. Nothing between the suspension and the resumption allocates: the thread
/// may hold anything (a .NET runtime lock, the process heap's), and only reading its registers and memory is safe.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsThreadStop(nint stopRoute, uint boundarySlot)
{
    private const int InterruptEvent = WindowsThreads.InterruptSignal;
    private const int ThreadBasicInformation = 0, BasicInformationSize = 48, TebOffset = 8;
    private const int Land = 2;   // FaultAction.Land

    private readonly delegate* unmanaged<FaultEvent*, nint, int> _route = (delegate* unmanaged<FaultEvent*, nint, int>)stopRoute;

    /// <summary>Stops <paramref name="thread"/> (a handle with suspend, context and query access) if the route says so.</summary>
    public void TryStop(nint thread)
    {
        byte* information = stackalloc byte[BasicInformationSize];
        uint returned;
        if (NtQueryInformationThread(thread, ThreadBasicInformation, information, BasicInformationSize, &returned) != 0) return;
        nint teb = *(nint*)(information + TebOffset);
        byte* buffer = stackalloc byte[ThreadContext.Size + ThreadContext.Alignment];
        byte* context = (byte*)(((nint)buffer + ThreadContext.Alignment - 1) & ~(nint)(ThreadContext.Alignment - 1));
        if (teb == 0 || SuspendThread(thread) == uint.MaxValue) return;
        try
        {
            *(uint*)(context + ThreadContext.ContextFlags) = CONTEXT_CONTROL_INTEGER;
            if (!GetThreadContext(thread, context)) return;
            nint boundary = WindowsThreadSlots.ReadOf(teb, boundarySlot);
            if (boundary == 0) return;
            FaultEvent e = default;
            e.Signal = InterruptEvent;
            e.Pc = *(nint*)(context + ThreadContext.Rip);
            e.Stack = *(nint*)(context + ThreadContext.Rsp);
            if (_route(&e, boundary) != Land) return;
            *(nint*)(context + ThreadContext.Rip) = e.ResumePc;
            *(nint*)(context + ThreadContext.Rsp) = e.ResumeStack;
            *(nint*)(context + ThreadContext.Rdi) = e.ResumeArgument;
            *(uint*)(context + ThreadContext.EFlags) &= ~(uint)ThreadContext.DirectionAndTrapFlags;
            SetThreadContext(thread, context);
        }
        finally
        {
            ResumeThread(thread);
        }
    }
}
