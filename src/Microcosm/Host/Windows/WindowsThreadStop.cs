using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Windows;

/// <summary>
/// Stops a thread that computes, on Windows, where the interruption (an APC) reaches only a blocked call: the thread is
/// suspended and its registers read, and the core's route decides as it decides for a POSIX thread the interruption
/// signal reached (<c>FaultRoute</c>'s stop entry), given the thread's active boundary, read from its TEB where the slot
/// lives. If the route stops it, its context is rewritten to the landing - as the vectored fault handler rewrites a
/// faulted thread's - and it resumes there; if the route sends it to the program's entry for a signal, its registers
/// are written where the route says first (as the vectored handler writes a fault's).
/// <para>
/// Everything from the suspension to the resumption is generated code (<see cref="Emit"/>), called once from C#. The
/// suspended thread may hold anything - the process heap's lock, the loader's, a .NET runtime lock - so nothing in
/// between may take one: no managed code, which the JIT compiles on its first call (allocating from the process heap)
/// and which a garbage collection can stop (one that waits for the suspended thread, if it runs .NET code, would never
/// end). The C# version this replaces hung a fork child about once in a hundred runs under load: a pool thread stopped
/// in its window on a lock the suspended thread held.
/// </para>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal static class WindowsThreadStop
{
    private const int Land = (int)FaultAction.Land, Deliver = (int)FaultAction.Deliver;

    private static readonly nint Suspend = Kernel32.Export("SuspendThread"), Resume = Kernel32.Export("ResumeThread");
    private static readonly nint GetContext = Kernel32.Export("GetThreadContext"), SetContext = Kernel32.Export("SetThreadContext");

    // The frame: the event at rsp, the CONTEXT above it (16-aligned, as GetThreadContext requires).
    private const int ContextAt = FaultEvent.Size, Frame = FaultEvent.Size + ThreadContext.Size + 8;

    /// <summary>
    /// Emits <c>void stop(HANDLE thread, TEB *teb)</c> (System V; the thread handle with suspend, context and query
    /// access): suspends the thread, asks <paramref name="stopRoute"/> (System V, <c>FaultAction stop(FaultEvent *,
    /// Boundary *)</c>) about it, with its value of <paramref name="boundarySlot"/>, rewrites its context as the answer
    /// says, and resumes it, whatever happened in between.
    /// </summary>
    public static void Emit(Assembler a, nint stopRoute, uint boundarySlot)
    {
        var resume = a.CreateLabel();
        var rewrite = a.CreateLabel();
        var done = a.CreateLabel();
        a.push(rbx);                          // rsp was 8 mod 16: 0 after these five pushes and the frame
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        a.sub(rsp, Frame);
        a.mov(rbx, rdi);                      // the thread
        a.mov(r12, rsi);                      // its TEB
        a.lea(r13, __[rsp + ContextAt]);      // r13 = CONTEXT *, as the vectored handler's context copy expects
        a.mov(rdi, rbx);
        HostPlatform.Calls.EmitCall(a, Suspend);
        a.cmp(eax, -1);
        a.je(done);                           // not suspended: nothing to resume

        a.mov(__dword_ptr[r13 + ThreadContext.ContextFlags], unchecked((int)Kernel32.CONTEXT_CONTROL_INTEGER_FLOATING));
        a.mov(rdi, rbx);
        a.mov(rsi, r13);
        HostPlatform.Calls.EmitCall(a, GetContext);
        a.test(eax, eax);
        a.jz(resume);
        WindowsThreadSlots.EmitReadOf(a, r12, boundarySlot);   // rax = the thread's active boundary
        a.test(rax, rax);
        a.jz(resume);                         // outside the program: not the route's
        a.mov(r14, rax);
        a.mov(rdi, rsp);                      // the event: zeroed, then what the interruption says
        a.xor(eax, eax);
        a.mov(ecx, FaultEvent.Size / 8);
        a.cld();
        a.rep.stosq();
        a.mov(__qword_ptr[rsp + FaultEvent.SignalOffset], WindowsThreads.InterruptSignal);
        a.mov(rcx, __qword_ptr[r13 + ThreadContext.Rip]);
        a.mov(__qword_ptr[rsp + FaultEvent.PcOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + ThreadContext.Rsp]);
        a.mov(__qword_ptr[rsp + FaultEvent.StackOffset], rcx);
        a.mov(rdi, rsp);
        a.mov(rsi, r14);
        a.mov(rax, (ulong)stopRoute);
        a.call(rax);
        a.mov(r15d, eax);
        a.cmp(eax, Land);
        a.je(rewrite);
        a.cmp(eax, Deliver);
        a.jne(resume);
        VectoredFaultHandler.EmitContextCopy(a);
        a.Label(ref rewrite);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumePcOffset]);
        a.mov(__qword_ptr[r13 + ThreadContext.Rip], rcx);
        VectoredFaultHandler.EmitLanding(a);
        a.mov(rdi, rbx);
        a.mov(rsi, r13);
        HostPlatform.Calls.EmitCall(a, SetContext);
        a.test(eax, eax);
        a.jnz(resume);
        a.cmp(r15d, Deliver);                 // not resumed at the program's entry after all:
        a.jne(resume);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.TakenOffset]);
        a.test(rcx, rcx);
        a.jz(resume);
        a.mov(__qword_ptr[rcx], 0);           // the fault area the route took is free again

        a.Label(ref resume);
        a.mov(rdi, rbx);
        HostPlatform.Calls.EmitCall(a, Resume);
        a.Label(ref done);
        a.add(rsp, Frame);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.ret();
    }
}
