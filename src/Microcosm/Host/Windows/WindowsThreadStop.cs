using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Stops a thread that computes, on Windows, where the interruption (an APC) reaches only a blocked call: the thread is
/// suspended and its registers read, and the core's route decides as it decides for a POSIX thread the interruption
/// signal reached (<c>FaultRoute</c>'s stop entry), given the thread's active boundary, read from its TEB where the slot
/// lives. If the route stops it, its context is rewritten to the landing - as the vectored fault handler rewrites a
/// faulted thread's - and it resumes there; if the route sends it to the program's entry for a signal, its registers
/// are written where the route says first (as the vectored handler writes a fault's). Nothing between the suspension
/// and the resumption allocates: the thread may hold anything (a .NET runtime lock, the process heap's), and only
/// reading its registers and memory is safe.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsThreadStop(nint stopRoute, uint boundarySlot)
{
    private const int InterruptEvent = WindowsThreads.InterruptSignal;
    private const int ThreadBasicInformation = 0, BasicInformationSize = 48, TebOffset = 8;
    private const int Land = (int)FaultAction.Land, Deliver = (int)FaultAction.Deliver;

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
            *(uint*)(context + ThreadContext.ContextFlags) = CONTEXT_CONTROL_INTEGER_FLOATING;
            if (!GetThreadContext(thread, context)) return;
            nint boundary = WindowsThreadSlots.ReadOf(teb, boundarySlot);
            if (boundary == 0) return;
            FaultEvent e = default;
            e.Signal = InterruptEvent;
            e.Pc = *(nint*)(context + ThreadContext.Rip);
            e.Stack = *(nint*)(context + ThreadContext.Rsp);
            int action = _route(&e, boundary);
            if (action is not (Land or Deliver)) return;
            if (action == Deliver) CopyContext(context, (ulong*)e.ContextOut);
            *(nint*)(context + ThreadContext.Rip) = e.ResumePc;
            *(nint*)(context + ThreadContext.Rsp) = e.ResumeStack;
            *(nint*)(context + ThreadContext.Rdi) = e.ResumeArgument;
            *(uint*)(context + ThreadContext.EFlags) &= ~(uint)ThreadContext.DirectionAndTrapFlags;
            if (!SetThreadContext(thread, context) && action == Deliver && e.Taken != 0)
                *(long*)e.Taken = 0;   // the fault area the route took: free again
        }
        finally
        {
            ResumeThread(thread);
        }
    }

    /// <summary>The registers in Linux's mcontext order, the flags, and FltSave (fxsave's image), for the program's entry.</summary>
    private static void CopyContext(byte* context, ulong* registers)
    {
        foreach (var (register, at) in VectoredFaultHandler.Registers) registers[register] = *(ulong*)(context + at);
        registers[FaultContext.Flags] = *(uint*)(context + ThreadContext.EFlags);
        for (int i = FaultContext.Flags + 1; i <= FaultContext.Cr2; i++) registers[i] = 0;   // csgsfs, err, trapno, oldmask, cr2
        Buffer.MemoryCopy(context + ThreadContext.FltSave, (byte*)registers + FaultContext.FpOffset, FaultContext.FpSize, FaultContext.FpSize);
    }
}
