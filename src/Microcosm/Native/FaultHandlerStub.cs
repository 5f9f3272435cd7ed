using Microcosm.Host.Posix;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>
/// The signal handler for SIGSEGV, SIGBUS, SIGILL and SIGFPE, <c>handler(sig, info, ucontext)</c>.
/// No managed code runs in signal context: this stub only decides and records.
/// <list type="bullet">
/// <item>First, on any thread: a SIGSEGV or SIGBUS raised by the checked copy's one copying instruction
/// (<see cref="CheckedCopyStub"/>) resumes at the copy's fixup, which returns -EFAULT to its caller. This
/// comes before every other test, because C# code uses the checked copy too, where a fault would otherwise
/// be .NET's.</item>
/// <item>A <em>guest fault</em> is a fault raised by an instruction (<c>si_code &gt; 0</c>) on a thread whose
/// active boundary (<see cref="GuestEntry.ActiveSlot"/>) is set, i.e. a thread running guest code, or
/// host-library code called by guest code, above a C# → guest entry, with no C# handler in between.
/// The stub writes the signal, <c>si_code</c>, the pc, <c>si_addr</c> and the stack pointer into that
/// boundary and rewrites the context so that the thread resumes at <see cref="GuestEntry.FaultLanding"/>,
/// on the boundary's stack, when the handler returns.</item>
/// <item>Anything else goes to the handler that was installed before (.NET's): jumped to with the
/// same arguments and stack, so it runs as if it had been called by the kernel. SIG_DFL is emulated by
/// restoring the default action and raising the signal again; SIG_IGN ignores a sent signal, but a fault
/// cannot be ignored (the kernel would end the process), so it gets the default action.</item>
/// </list>
/// </summary>
internal static class FaultHandlerStub
{
    public const string Entry = "handler";

    /// <param name="previous">A native array indexed by signal number: the handler installed before ours (0 = SIG_DFL, 1 = SIG_IGN).</param>
    public static ExecutableCode Emit(nint previous) => ExecutableCode.Emit((a, mark) =>
    {
        var chain = a.CreateLabel();
        var ignored = a.CreateLabel();
        var byDefault = a.CreateLabel();
        var notCopy = a.CreateLabel();
        var copyFault = a.CreateLabel();
        mark(Entry);
        a.cmp(edi, Signals.SIGSEGV);
        a.je(copyFault);
        a.cmp(edi, Signals.SIGBUS);
        a.jne(notCopy);
        a.Label(ref copyFault);
        a.cmp(__dword_ptr[rsi + Signals.SigInfoCode], 0);
        a.jle(notCopy);                       // sent, not raised by an instruction
        a.mov(rax, __qword_ptr[rdx + Signals.ContextRip]);
        a.mov(rcx, (ulong)CheckedCopyStub.Start);
        a.sub(rax, rcx);
        a.cmp(rax, (int)(CheckedCopyStub.End - CheckedCopyStub.Start));
        a.jae(notCopy);                       // unsigned: a rip below the start wraps around too
        a.mov(rcx, (ulong)CheckedCopyStub.Fixup);
        a.mov(__qword_ptr[rdx + Signals.ContextRip], rcx);
        a.ret();                              // resumes at the fixup: the copy returns -EFAULT
        a.Label(ref notCopy);
        a.push(rbx);                          // rsp was 8 mod 16, as after a call: now aligned
        a.push(r12);
        a.push(r13);
        a.mov(ebx, edi);
        a.mov(r12, rsi);
        a.mov(r13, rdx);
        a.cmp(__dword_ptr[r12 + Signals.SigInfoCode], 0);
        a.jle(chain);                         // sent by kill(), raise() or sigqueue(): not a fault of any code
        a.mov(edi, GuestEntry.ActiveSlot);
        a.mov(rax, (ulong)Host.HostThreads.GetSlotFunction);
        a.call(rax);                          // pthread_getspecific: reads the thread's slot, no locks
        a.test(rax, rax);
        a.jz(chain);
        a.cmp(__qword_ptr[rax + Boundary.InManagedOffset], 0);
        a.jne(chain);                         // in a C# handler called from the guest: .NET's fault
        a.mov(__qword_ptr[rax + Boundary.FaultSignalOffset], rbx);
        a.movsxd(rcx, __dword_ptr[r12 + Signals.SigInfoCode]);
        a.mov(__qword_ptr[rax + Boundary.FaultCodeOffset], rcx);
        a.mov(rcx, __qword_ptr[r12 + Signals.SigInfoAddress]);
        a.mov(__qword_ptr[rax + Boundary.FaultAddressOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + Signals.ContextRip]);
        a.mov(__qword_ptr[rax + Boundary.FaultPcOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + Signals.ContextRsp]);
        a.mov(__qword_ptr[rax + Boundary.FaultStackOffset], rcx);
        a.mov(__qword_ptr[r13 + Signals.ContextRdi], rax);       // resume: fault(boundary)
        a.mov(rcx, __qword_ptr[rax]);
        a.mov(__qword_ptr[r13 + Signals.ContextRsp], rcx);       // on the boundary's stack, below any guard page
        a.mov(rcx, (ulong)GuestEntry.FaultLanding);
        a.mov(__qword_ptr[r13 + Signals.ContextRip], rcx);
        a.and(__qword_ptr[r13 + Signals.ContextFlags], ~0x500);  // clear DF and TF, as a call would expect
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.ret();                              // sigreturn restores the signal mask and resumes at the landing

        a.Label(ref chain);
        a.mov(edi, ebx);
        a.mov(rsi, r12);
        a.mov(rdx, r13);
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
    });
}
