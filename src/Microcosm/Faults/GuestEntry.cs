using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Faults;

/// <summary>
/// The one way the core enters guest code (program entry, initializers, thread functions, syscalls
/// made from C#): <c>enter(boundary, fn, args)</c> saves the callee-saved registers and the FPU/SSE
/// control words, records its stack pointer in the boundary and calls <c>fn</c> with seven
/// arguments (six in registers, one on the stack). <c>unwind(boundary, value)</c> discards every
/// guest frame above that boundary and makes <c>enter</c> return <c>value</c>; it is only ever
/// jumped to from native code (the handler thunks' tail), never through managed frames.
/// <para>
/// <c>enter</c> also makes its boundary the thread's <em>active boundary</em> (a host thread-local
/// slot, <see cref="ActiveSlot"/>) for as long as guest code runs above it; the C# handler thunks
/// clear the slot while managed code runs. The fault handler reads it: a fault on a thread with an
/// active boundary is a guest fault, and the thread resumes at <c>fault</c>, which ends the call like
/// <c>unwind</c> with <see cref="Boundary.Unwound"/> = <see cref="Boundary.Faulted"/>; a killed thread of an ending
/// program that the route stops resumes at <c>stop</c>, which ends the call as <c>unwind</c> does.
/// </para>
/// </summary>
internal static unsafe class GuestEntry
{
    /// <summary>Process-wide host thread-local slot: the innermost boundary whose guest code is running on the thread, or 0.</summary>
    public static readonly uint ActiveSlot = HostPlatform.Slots.Create();

    private static readonly ExecutableCode Code = Emit();

    /// <summary><c>enter</c> for C#: in the host's convention (<see cref="HostEntries.Export"/>).</summary>
    public static readonly delegate* unmanaged<Boundary*, nint, nint*, nint> Enter =
        (delegate* unmanaged<Boundary*, nint, nint*, nint>)HostEntries.Export(Code["enter"]);

    /// <summary><c>enter</c> for generated code, which calls it as System V.</summary>
    public static nint EnterAddress => Code["enter"];

    /// <summary>Native address of <c>unwind(Boundary*, nint)</c>.</summary>
    public static nint Unwind => Code["unwind"];

    /// <summary>Native address where the fault handler resumes a faulted thread (rdi = its active boundary).</summary>
    public static nint FaultLanding => Code["fault"];

    /// <summary>Native address where the route resumes a thread it stops (rdi = its active boundary): the guest frames
    /// above the boundary are discarded, as by <c>unwind(boundary, 0)</c>, and the thread ends as killed.</summary>
    public static nint StopLanding => Code["stop"];

    private static ExecutableCode Emit() => ExecutableCode.Emit((a, mark) =>
    {
        var slots = HostPlatform.Slots;
        var faults = HostPlatform.Faults;
        var resume = a.CreateLabel();
        mark("enter");                       // rdi = boundary, rsi = fn, rdx = args[7]
        a.push(rbp);
        a.mov(rbp, rsp);
        a.push(rbx);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        a.sub(rsp, 24);                      // [rsp] stack argument, [rsp+8] mxcsr, [rsp+12] x87 cw, [rsp+16] boundary; aligned
        a.stmxcsr(__dword_ptr[rsp + 8]);
        a.fnstcw(__word_ptr[rsp + 12]);
        a.mov(__qword_ptr[rsp + 16], rdi);
        a.mov(rbx, rdi);
        a.mov(r12, rsi);
        a.mov(r13, rdx);
        a.mov(__qword_ptr[rbx], rsp);        // boundary->SavedStack
        a.mov(__qword_ptr[rbx + 8], 0);      // boundary->Unwound = Returned
        a.mov(__qword_ptr[rbx + Boundary.InManagedOffset], 0);
        a.mov(edi, ActiveSlot);              // boundary->OuterActive = active; active = boundary
        slots.EmitGet(a);
        a.mov(__qword_ptr[rbx + Boundary.OuterActiveOffset], rax);
        a.mov(edi, ActiveSlot);
        a.mov(rsi, rbx);
        slots.EmitSet(a);
        var hostStack = a.CreateLabel();
        a.mov(rax, __qword_ptr[rbx + Boundary.OwnStackOffset]);
        a.test(rax, rax);
        a.jz(hostStack);
        a.lea(rdi, __qword_ptr[rax + OwnStack.HostLimitsOffset]);  // the host's limits, to put back when the call ends
        faults.EmitSaveStack(a, rdi, rcx);
        a.lea(rdi, __qword_ptr[rax + OwnStack.LimitsOffset]);      // the host knows the thread by the own stack from here on
        faults.EmitUseStack(a, rdi, rcx);
        a.Label(ref hostStack);
        a.mov(rax, r12);
        a.mov(r10, r13);
        a.mov(r11, __qword_ptr[r10 + 48]);
        a.mov(__qword_ptr[rsp], r11);
        a.mov(rdi, __qword_ptr[r10]);
        a.mov(rsi, __qword_ptr[r10 + 8]);
        a.mov(rdx, __qword_ptr[r10 + 16]);
        a.mov(rcx, __qword_ptr[r10 + 24]);
        a.mov(r8, __qword_ptr[r10 + 32]);
        a.mov(r9, __qword_ptr[r10 + 40]);
        a.call(rax);
        a.Label(ref resume);                 // rsp = boundary->SavedStack on every path
        a.mov(rbx, rax);                     // the result (rbx itself is restored below)
        a.ldmxcsr(__dword_ptr[rsp + 8]);
        a.fldcw(__word_ptr[rsp + 12]);
        a.mov(rax, __qword_ptr[rsp + 16]);
        var ownStackLeft = a.CreateLabel();
        a.mov(rcx, __qword_ptr[rax + Boundary.OwnStackOffset]);
        a.test(rcx, rcx);
        a.jz(ownStackLeft);
        a.lea(rcx, __qword_ptr[rcx + OwnStack.HostLimitsOffset]);
        faults.EmitUseStack(a, rcx, rdx);
        a.Label(ref ownStackLeft);
        a.mov(rsi, __qword_ptr[rax + Boundary.OuterActiveOffset]);
        a.mov(edi, ActiveSlot);
        slots.EmitSet(a);
        a.mov(rax, rbx);
        a.add(rsp, 24);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.pop(rbp);
        a.ret();

        mark("unwind");                      // rdi = boundary, rsi = value
        a.mov(rsp, __qword_ptr[rdi]);
        a.mov(__qword_ptr[rdi + 8], Boundary.Ended);
        a.mov(rax, rsi);
        a.jmp(resume);

        mark("stop");                        // rdi = boundary; entered from the interrupt's sigreturn, not called
        a.mov(rsp, __qword_ptr[rdi]);
        a.fninit();                          // stopped anywhere: the x87 stack may be in any state
        a.mov(__qword_ptr[rdi + 8], Boundary.Ended);
        a.xor(eax, eax);                     // the kill's value is the thread's own (GuestThread.KillValue)
        a.jmp(resume);

        mark("fault");                       // rdi = boundary; entered from the fault handler's sigreturn, not called
        a.mov(rsp, __qword_ptr[rdi]);
        a.fninit();                          // the guest may have left the x87 stack in any state; fldcw restores the control word
        a.mov(__qword_ptr[rdi + 8], Boundary.Faulted);
        a.xor(eax, eax);
        a.jmp(resume);
    });
}
