using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Windows;

/// <summary>
/// Windows's side of a fault: the body of a first vectored exception handler, <c>LONG handler(EXCEPTION_POINTERS *)</c>
/// (System V here; the core installs it through a Win64 adapter, Native/HostEntries.cs). It runs before
/// any frame-based handler and before the .NET runtime's own vectored handler, and only translates:
/// <list type="bullet">
/// <item>An exception a fault raises (<see cref="Faults"/>: access violations, illegal instructions, divide
/// errors, stack overflow…) becomes a <see cref="FaultEvent"/> with the signal and <c>si_code</c> Linux gives the
/// same fault, which the core's route decides on, as on Linux. Any other exception code (.NET's own exceptions,
/// breakpoints, a C++ throw in a host DLL) is passed on untouched.</item>
/// <item>A fixup rewrites the CONTEXT's Rip; a landing rewrites Rip, Rsp and Rdi and clears DF and TF; either returns
/// EXCEPTION_CONTINUE_EXECUTION, and Windows resumes the thread from the CONTEXT. Else EXCEPTION_CONTINUE_SEARCH.</item>
/// </list>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal static class VectoredFaultHandler
{
    // EXCEPTION_RECORD: ExceptionCode (4), flags, record, ExceptionAddress at 16, NumberParameters at 24, ExceptionInformation at 32.
    private const int RecordCode = 0, RecordAddress = 16, RecordParameterCount = 24, RecordInformation = 32;
    // CONTEXT's registers: ThreadContext; FltSave is the XMM_SAVE_AREA32 that fxsave writes, 512 bytes.

    /// <summary>Where each of Linux's mcontext gregs (<see cref="FaultContext"/>'s order) is in the CONTEXT (a suspended
    /// thread's too: <see cref="WindowsThreadStop"/>).</summary>
    private static readonly (int Register, int At)[] Registers =
    [
        (FaultContext.R8, ThreadContext.R8), (FaultContext.R9, ThreadContext.R8 + 8), (FaultContext.R10, ThreadContext.R8 + 16),
        (FaultContext.R11, ThreadContext.R8 + 24), (FaultContext.R12, ThreadContext.R8 + 32), (FaultContext.R13, ThreadContext.R8 + 40),
        (FaultContext.R14, ThreadContext.R8 + 48), (FaultContext.R15, ThreadContext.R8 + 56), (FaultContext.Rdi, ThreadContext.Rdi),
        (FaultContext.Rsi, ThreadContext.Rsi), (FaultContext.Rbp, ThreadContext.Rbp), (FaultContext.Rbx, ThreadContext.Rbx),
        (FaultContext.Rdx, ThreadContext.Rdx), (FaultContext.Rax, ThreadContext.Rax), (FaultContext.Rcx, ThreadContext.Rcx),
        (FaultContext.Rsp, ThreadContext.Rsp), (FaultContext.Rip, ThreadContext.Rip),
    ];
    private const int ContinueExecution = -1, ContinueSearch = 0;
    private const uint AccessViolation = 0xC0000005, StackOverflow = 0xC00000FD;
    // MEMORY_BASIC_INFORMATION (48 bytes): State at 32; MEM_FREE: no reservation holds the address.
    private const int InfoSize = 48, InfoState = 32, MemFree = 0x10000, SegvAccessError = 2;
    private static readonly nint VirtualQuery = Kernel32.Export("VirtualQuery");

    /// <summary>How a fault's exception code reads as a Linux signal: the signal, the <c>si_code</c> Linux gives the same
    /// fault, and whether <c>si_addr</c> is the data address (ExceptionInformation[1]) rather than the instruction.</summary>
    private static readonly (uint Code, int Signal, int SiCode, bool DataAddress)[] Faults =
    [
        (0xC0000005, FaultSignals.SIGSEGV, 1, true),    // STATUS_ACCESS_VIOLATION: SEGV_MAPERR, or SEGV_ACCERR on memory that is there
        (0xC00000FD, FaultSignals.SIGSEGV, 1, true),    // STATUS_STACK_OVERFLOW: an access below the stack, as on Linux
        (0xC0000006, FaultSignals.SIGBUS, 2, true),     // STATUS_IN_PAGE_ERROR: BUS_ADRERR
        (0x80000002, FaultSignals.SIGBUS, 1, false),    // STATUS_DATATYPE_MISALIGNMENT: BUS_ADRALN
        (0xC000001D, FaultSignals.SIGILL, 2, false),    // STATUS_ILLEGAL_INSTRUCTION: ILL_ILLOPN, as Linux reports ud2
        (0xC0000096, FaultSignals.SIGSEGV, 0x80, false),// STATUS_PRIVILEGED_INSTRUCTION: a general protection fault, SI_KERNEL
        (0xC0000094, FaultSignals.SIGFPE, 1, false),    // STATUS_INTEGER_DIVIDE_BY_ZERO: FPE_INTDIV
        (0xC0000095, FaultSignals.SIGFPE, 1, false),    // STATUS_INTEGER_OVERFLOW (INT_MIN / -1): Linux says FPE_INTDIV for both
        (0xC000008E, FaultSignals.SIGFPE, 3, false),    // STATUS_FLOAT_DIVIDE_BY_ZERO: FPE_FLTDIV
        (0xC0000091, FaultSignals.SIGFPE, 4, false),    // STATUS_FLOAT_OVERFLOW: FPE_FLTOVF
        (0xC0000093, FaultSignals.SIGFPE, 5, false),    // STATUS_FLOAT_UNDERFLOW: FPE_FLTUND
        (0xC000008F, FaultSignals.SIGFPE, 6, false),    // STATUS_FLOAT_INEXACT_RESULT: FPE_FLTRES
        (0xC0000090, FaultSignals.SIGFPE, 7, false),    // STATUS_FLOAT_INVALID_OPERATION: FPE_FLTINV
        (0xC000008D, FaultSignals.SIGFPE, 7, false),    // STATUS_FLOAT_DENORMAL_OPERAND
        (0xC0000092, FaultSignals.SIGFPE, 8, false),    // STATUS_FLOAT_STACK_CHECK: FPE_FLTSUB
        (0xC00002B4, FaultSignals.SIGFPE, 7, false),    // STATUS_FLOAT_MULTIPLE_FAULTS (SSE)
        (0xC00002B5, FaultSignals.SIGFPE, 7, false),    // STATUS_FLOAT_MULTIPLE_TRAPS (SSE)
    ];

    /// <param name="a">Where the handler is emitted; its first instruction is the entry.</param>
    /// <param name="route">The core's <c>FaultAction route(FaultEvent *)</c>.</param>
    /// <param name="guardStack">Emits the guard of the calling thread's stack (a System V call).</param>
    public static void Emit(Assembler a, nint route, Action<Assembler> guardStack)
    {
        var rearm = a.CreateLabel();
        var passOn = a.CreateLabel();
        var translated = a.CreateLabel();
        var resume = a.CreateLabel();
        var done = a.CreateLabel();
        var rewrite = a.CreateLabel();
        a.push(rbx);                          // rsp was 8 mod 16, as after a call: aligned after three pushes
        a.push(r12);
        a.push(r13);
        a.sub(rsp, FaultEvent.Size);
        a.mov(r12, __qword_ptr[rdi]);         // EXCEPTION_RECORD *
        a.mov(r13, __qword_ptr[rdi + 8]);     // CONTEXT *
        a.mov(eax, __dword_ptr[r12 + RecordCode]);
        a.mov(rcx, __qword_ptr[r12 + RecordAddress]);
        a.mov(__qword_ptr[rsp + FaultEvent.AddressOffset], rcx);
        foreach (var (code, signal, siCode, dataAddress) in Faults)
        {
            var next = a.CreateLabel();
            a.cmp(eax, unchecked((int)code));
            a.jne(next);
            a.mov(__qword_ptr[rsp + FaultEvent.SignalOffset], signal);
            a.mov(__qword_ptr[rsp + FaultEvent.CodeOffset], siCode);
            if (dataAddress)
            {
                a.cmp(__dword_ptr[r12 + RecordParameterCount], 2);
                a.jb(translated);
                a.mov(rcx, __qword_ptr[r12 + RecordInformation + 8]);
                a.mov(__qword_ptr[rsp + FaultEvent.AddressOffset], rcx);
                if (code == AccessViolation) EmitAccessError(a);
            }
            a.jmp(translated);
            a.Label(ref next);
        }
        a.jmp(passOn);

        a.Label(ref translated);
        a.mov(rcx, __qword_ptr[r13 + ThreadContext.Rip]);
        a.mov(__qword_ptr[rsp + FaultEvent.PcOffset], rcx);
        a.mov(rcx, __qword_ptr[r13 + ThreadContext.Rsp]);
        a.mov(__qword_ptr[rsp + FaultEvent.StackOffset], rcx);
        a.mov(rdi, rsp);
        a.mov(rax, (ulong)route);
        a.call(rax);
        a.test(eax, eax);
        a.jz(passOn);                         // FaultAction.PassOn
        a.cmp(eax, (int)FaultAction.Deliver);
        a.jne(rewrite);
        EmitContextCopy(a);                   // before the rewrite: the guest's handler sees the registers of the fault
        a.Label(ref rewrite);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumePcOffset]);
        a.mov(__qword_ptr[r13 + ThreadContext.Rip], rcx);
        a.cmp(eax, (int)FaultAction.Fixup);
        a.je(resume);
        EmitLanding(a);
        a.cmp(__dword_ptr[r12 + RecordCode], unchecked((int)StackOverflow));
        a.jne(resume);
        a.mov(rcx, __qword_ptr[r13 + ThreadContext.Rip]);  // the guard was used up: re-armed on the way (below)
        a.mov(__qword_ptr[r13 + ThreadContext.Rax], rcx);
        a.lea(rcx, __[rearm]);
        a.mov(__qword_ptr[r13 + ThreadContext.Rip], rcx);
        a.Label(ref resume);
        a.mov(eax, ContinueExecution);
        a.jmp(done);

        a.Label(ref passOn);
        a.mov(eax, ContinueSearch);
        a.Label(ref done);
        a.add(rsp, FaultEvent.Size);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.ret();

        // A stack overflow that lands or is delivered: the overflow used up the guard pages at the bottom of the stack
        // (Windows turns them into plain pages as it raises STATUS_STACK_OVERFLOW, and re-arms only a stack it grows),
        // so a second overflow would reach the reservation's last page, where Windows cannot dispatch it and ends the
        // thread. They are guarded again here, off the overflowed stack (on the boundary's or the fault area's), before
        // the thread goes on to rax with rdi; a handler's frame written below the overflow then faults, as it does on
        // Linux, where the guard never stops being one.
        a.Label(ref rearm);
        a.push(rbp);
        a.mov(rbp, rsp);
        a.and(rsp, -16);
        a.push(rax);
        a.push(rdi);
        guardStack(a);
        a.pop(rdi);
        a.pop(rax);
        a.mov(rsp, rbp);
        a.pop(rbp);
        a.jmp(rax);
    }

    /// <summary>A landing's rest, after Rip: the CONTEXT at r13 gets the event's (at rsp) stack and argument, DF and TF
    /// cleared, as a call would expect (a suspended thread's too: <see cref="WindowsThreadStop"/>).</summary>
    internal static void EmitLanding(Assembler a)
    {
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumeStackOffset]);
        a.mov(__qword_ptr[r13 + ThreadContext.Rsp], rcx);
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.ResumeArgumentOffset]);
        a.mov(__qword_ptr[r13 + ThreadContext.Rdi], rcx);
        a.and(__dword_ptr[r13 + ThreadContext.EFlags], ~ThreadContext.DirectionAndTrapFlags);
    }

    /// <summary>For <see cref="FaultAction.Deliver"/>: the CONTEXT's registers in Linux's mcontext order, its flags, the
    /// fault address as cr2 (csgsfs, err, trapno and oldmask 0) and FltSave, to
    /// <see cref="FaultEvent.ContextOut"/> (the CONTEXT at r13, the event at rsp). eax (the answer) is kept.</summary>
    internal static void EmitContextCopy(Assembler a)
    {
        a.mov(rdi, __qword_ptr[rsp + FaultEvent.ContextOutOffset]);
        foreach (var (register, at) in Registers)
        {
            a.mov(rcx, __qword_ptr[r13 + at]);
            a.mov(__qword_ptr[rdi + register * 8], rcx);
        }
        a.mov(ecx, __dword_ptr[r13 + ThreadContext.EFlags]);
        a.mov(__qword_ptr[rdi + FaultContext.Flags * 8], rcx);
        for (int i = FaultContext.Flags + 1; i < FaultContext.Cr2; i++) a.mov(__qword_ptr[rdi + i * 8], 0);  // csgsfs, err, trapno, oldmask
        a.mov(rcx, __qword_ptr[rsp + FaultEvent.AddressOffset]);
        a.mov(__qword_ptr[rdi + FaultContext.Cr2 * 8], rcx);
        a.lea(rsi, __qword_ptr[r13 + ThreadContext.FltSave]);
        a.add(rdi, FaultContext.FpOffset);
        a.mov(ecx, FaultContext.FpSize / 8);
        a.cld();
        a.rep.movsq();
    }

    /// <summary>An access violation at an address some reservation holds (PROT_NONE memory, a write to read-only pages)
    /// is Linux's SEGV_ACCERR, as a mapping there would make it; VirtualQuery tells (rcx = the address).</summary>
    private static void EmitAccessError(Assembler a)
    {
        var done = a.CreateLabel();
        a.sub(rsp, InfoSize);                 // still 16-aligned
        a.mov(rdi, rcx);
        a.mov(rsi, rsp);
        a.mov(edx, InfoSize);
        HostPlatform.Calls.EmitCall(a, VirtualQuery);
        a.test(rax, rax);
        a.jz(done);
        a.cmp(__dword_ptr[rsp + InfoState], MemFree);
        a.je(done);
        a.mov(__qword_ptr[rsp + InfoSize + FaultEvent.CodeOffset], SegvAccessError);
        a.Label(ref done);
        a.add(rsp, InfoSize);
    }
}
