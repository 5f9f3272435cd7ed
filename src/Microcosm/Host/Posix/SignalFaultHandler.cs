using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>
/// The signal handler for SIGSEGV, SIGBUS, SIGILL and SIGFPE, <c>handler(sig, info, ucontext)</c>: Linux's
/// side of a fault. No managed code runs in signal context: this code only translates.
/// <list type="bullet">
/// <item>It copies what the kernel says of the fault (the signal, <c>si_code</c>, <c>si_addr</c>, and the pc
/// and stack pointer from the <c>ucontext</c>) into a <see cref="FaultEvent"/> on its stack and calls the
/// core's route, which decides (Faults/FaultRoute.cs).</item>
/// <item>A fixup (the checked copy's) rewrites the context's <c>rip</c>; a guest fault's landing rewrites
/// <c>rip</c>, <c>rsp</c> and <c>rdi</c> and clears DF and TF, as a call would expect. Then it returns:
/// <c>sigreturn</c> restores the signal mask and resumes the thread where the context now says.</item>
/// <item>Anything else goes to the handler that was installed before (.NET's): jumped to with the
/// same arguments and stack, so it runs as if it had been called by the kernel. SIG_DFL is emulated by
/// restoring the default action and raising the signal again; SIG_IGN ignores a sent signal, but a fault
/// cannot be ignored (the kernel would end the process), so it gets the default action.</item>
/// </list>
/// </summary>
internal static class SignalFaultHandler
{
    /// <param name="a">Where the handler is emitted; its first instruction is the handler's entry.</param>
    /// <param name="route">The core's <c>FaultAction route(FaultEvent *)</c>.</param>
    /// <param name="previous">A native array indexed by signal number: the handler installed before ours (0 = SIG_DFL, 1 = SIG_IGN).</param>
    public static void Emit(Assembler a, nint route, nint previous)
    {
        var chain = a.CreateLabel();
        var ignored = a.CreateLabel();
        var byDefault = a.CreateLabel();
        var resume = a.CreateLabel();
        var rewrite = a.CreateLabel();
        a.push(rbx);                          // rsp was 8 mod 16, as after a call: aligned after three pushes
        a.push(r12);
        a.push(r13);
        a.sub(rsp, FaultEvent.Size);          // the event, on the (alternate) signal stack
        a.mov(ebx, edi);
        a.mov(r12, rsi);
        a.mov(r13, rdx);
        a.mov(__qword_ptr[rsp + FaultEvent.SignalOffset], rbx);
        a.movsxd(rcx, __dword_ptr[r12 + Signals.SigInfoCode]);
        a.mov(__qword_ptr[rsp + FaultEvent.CodeOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + Signals.ContextRip]);
        a.mov(__qword_ptr[rsp + FaultEvent.PcOffset], rcx);
        a.mov(rcx, __qword_ptr[r12 + Signals.SigInfoAddress]);
        a.mov(__qword_ptr[rsp + FaultEvent.AddressOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + Signals.ContextRsp]);
        a.mov(__qword_ptr[rsp + FaultEvent.StackOffset], rcx);
        a.mov(rdi, rsp);
        a.mov(rax, (ulong)route);
        a.call(rax);
        a.test(eax, eax);
        a.jz(chain);                          // FaultAction.PassOn
        a.cmp(eax, (int)FaultAction.Deliver);
        a.jne(rewrite);
        EmitContextCopy(a, rewrite);          // before the rewrite: the guest's handler sees the registers of the fault
        a.Label(ref rewrite);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumePcOffset]);
        a.mov(__qword_ptr[r13 + Signals.ContextRip], rcx);
        a.cmp(eax, (int)FaultAction.Fixup);
        a.je(resume);                         // the copy's fixup: its caller's stack, as it was
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumeStackOffset]);
        a.mov(__qword_ptr[r13 + Signals.ContextRsp], rcx);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumeArgumentOffset]);
        a.mov(__qword_ptr[r13 + Signals.ContextRdi], rcx);
        a.and(__qword_ptr[r13 + Signals.ContextFlags], ~0x500);  // clear DF and TF, as a call would expect
        a.Label(ref resume);
        a.add(rsp, FaultEvent.Size);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.ret();                              // sigreturn restores the signal mask and resumes where the context says

        a.Label(ref chain);
        a.mov(edi, ebx);
        a.mov(rsi, r12);
        a.mov(rdx, r13);
        a.add(rsp, FaultEvent.Size);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.mov(rax, (ulong)previous);
        a.mov(r11, __qword_ptr[rax + rdi * 8]);
        a.cmp(r11, 1);
        a.je(ignored);
        a.test(r11, r11);
        a.jz(byDefault);
        a.jmp(r11);                           // x86-64 passes (sig, info, ucontext) to plain and SA_SIGINFO handlers alike

        a.Label(ref ignored);
        a.cmp(__dword_ptr[rsi + Signals.SigInfoCode], 0);
        a.jg(byDefault);
        a.ret();

        a.Label(ref byDefault);
        a.push(rdi);                          // aligned again
        a.xor(esi, esi);
        a.mov(rax, (ulong)Signals.SignalFunction);
        a.call(rax);                          // signal(sig, SIG_DFL)
        a.mov(rdi, __qword_ptr[rsp]);
        a.mov(rax, (ulong)Signals.RaiseFunction);
        a.call(rax);                          // pending while the handler runs; delivered, with the default action, when it returns
        a.pop(rdi);
        a.ret();
    }

    /// <summary>For <see cref="FaultAction.Deliver"/>: the ucontext's gregs, which are already in the order the guest's
    /// context wants, and the fxsave image its fpregs points to, copied to <see cref="FaultEvent.ContextOut"/>. The kernel
    /// cleared DF for the handler; eax (the answer) is kept.</summary>
    private static void EmitContextCopy(Assembler a, Label done)
    {
        a.mov(rdi, __qword_ptr[rsp + FaultEvent.ContextOutOffset]);
        a.lea(rsi, __qword_ptr[r13 + Signals.ContextRegisters]);
        a.mov(ecx, FaultContext.RegisterCount);
        a.rep.movsq();
        a.mov(rsi, __qword_ptr[r13 + Signals.ContextFpState]);
        a.test(rsi, rsi);
        a.jz(done);
        a.mov(rdi, __qword_ptr[rsp + FaultEvent.ContextOutOffset]);
        a.add(rdi, FaultContext.FpOffset);
        a.mov(ecx, FaultContext.FpSize / 8);
        a.rep.movsq();
    }

    /// <summary><c>sigaltstack(rdi, NULL)</c>.</summary>
    public static void EmitSigAltStack(Assembler a)
    {
        a.xor(esi, esi);
        a.mov(rax, (ulong)Signals.SigAltStackFunction);
        a.call(rax);
    }
}
