using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Faults;

/// <summary>
/// The core's side of every fault, <c>FaultAction route(FaultEvent *)</c>: the host's handler
/// (<see cref="HostFaults.EmitHandler"/>) hands it each fault in the target's terms and resumes the thread as it
/// answers. No managed code runs here and it takes no locks: it runs in the handler's context.
/// <list type="bullet">
/// <item>First, on any thread: a SIGSEGV or SIGBUS raised by an instruction with a fixup
/// (<see cref="FaultFixups"/>: the checked copy's one copying instruction) resumes at the fixup, which returns
/// -EFAULT to the copy's caller. This comes before every other test, because C# code uses the checked copy too,
/// where a fault would otherwise be .NET's.</item>
/// <item>A <em>guest fault</em> is a fault raised by an instruction (<c>si_code &gt; 0</c>) on a thread whose
/// active boundary (<see cref="GuestEntry.ActiveSlot"/>) is set, i.e. a thread running guest code, or
/// host-library code called by guest code, above a C# → guest entry, with no C# handler in between.
/// The route writes the signal, <c>si_code</c>, the pc, <c>si_addr</c> and the stack pointer into that
/// boundary, and the thread lands at <see cref="GuestEntry.FaultLanding"/> on the boundary's stack — unless the program
/// has a handler for it that may run (<see cref="FaultDelivery"/>, core syscall -15): then the thread resumes at the
/// program's entry with its context (<see cref="FaultAction.Deliver"/>).</item>
/// <item>Anything else is passed on to the handler installed before (the .NET runtime's).</item>
/// </list>
/// Process-wide and never unmapped, like the handler that calls it.
/// </summary>
internal static class FaultRoute
{
    public const string Entry = "route";

    /// <summary><c>FaultAction stop(FaultEvent *, Boundary *)</c>: an interruption's decision for a thread the host has
    /// suspended from another (Windows), given that thread's active boundary, since the caller's own is not it.</summary>
    public const string StopEntry = "stop";

    public static ExecutableCode Emit() => ExecutableCode.Emit((a, mark) =>
    {
        var passOn = a.CreateLabel();
        var notFixup = a.CreateLabel();
        var mayHaveFixup = a.CreateLabel();
        var nextFixup = a.CreateLabel();
        var fixup = a.CreateLabel();
        var land = a.CreateLabel();
        var interrupt = a.CreateLabel();
        mark(Entry);                                 // rdi = the event
        a.push(rbx);                                 // rsp was 8 mod 16, as after a call: now aligned for the slot read
        a.mov(rbx, rdi);
        a.cmp(__qword_ptr[rbx + FaultEvent.SignalOffset], HostPlatform.Threads.InterruptEvent);
        a.je(interrupt);                             // the core's own interruption of a thread (ThreadInterrupts)
        a.cmp(__qword_ptr[rbx + FaultEvent.CodeOffset], 0);
        a.jle(passOn);                               // sent by kill(), raise() or sigqueue(): not a fault of any code
        a.cmp(__qword_ptr[rbx + FaultEvent.SignalOffset], FaultSignals.SIGSEGV);
        a.je(mayHaveFixup);
        a.cmp(__qword_ptr[rbx + FaultEvent.SignalOffset], FaultSignals.SIGBUS);
        a.jne(notFixup);
        a.Label(ref mayHaveFixup);
        a.mov(rcx, (ulong)FaultFixups.Table);
        a.mov(rdx, __qword_ptr[rcx + FaultFixups.CountOffset]);
        a.add(rcx, FaultFixups.EntriesOffset);
        a.Label(ref nextFixup);
        a.test(rdx, rdx);
        a.jz(notFixup);
        a.mov(rax, __qword_ptr[rbx + FaultEvent.PcOffset]);
        a.sub(rax, __qword_ptr[rcx + FaultFixups.StartOffset]);
        a.mov(r8, __qword_ptr[rcx + FaultFixups.EndOffset]);
        a.sub(r8, __qword_ptr[rcx + FaultFixups.StartOffset]);
        a.cmp(rax, r8);
        a.jb(fixup);                                 // unsigned: a pc below the start wraps around too
        a.add(rcx, FaultFixups.EntrySize);
        a.dec(rdx);
        a.jmp(nextFixup);
        a.Label(ref fixup);
        a.mov(rax, __qword_ptr[rcx + FaultFixups.ResumeOffset]);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumePcOffset], rax);
        a.mov(eax, (int)FaultAction.Fixup);          // the checked copy returns -EFAULT to its caller
        a.pop(rbx);
        a.ret();

        a.Label(ref notFixup);
        a.mov(edi, GuestEntry.ActiveSlot);
        HostPlatform.Slots.EmitGet(a);               // rax = the active boundary
        a.test(rax, rax);
        a.jz(passOn);
        a.cmp(__qword_ptr[rax + Boundary.InManagedOffset], 0);
        a.jne(passOn);                               // in a C# handler called from the guest: .NET's fault
        EmitDelivery(a, land);
        a.Label(ref land);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.SignalOffset]);
        a.mov(__qword_ptr[rax + Boundary.FaultSignalOffset], rcx);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.CodeOffset]);
        a.mov(__qword_ptr[rax + Boundary.FaultCodeOffset], rcx);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.AddressOffset]);
        a.mov(__qword_ptr[rax + Boundary.FaultAddressOffset], rcx);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.PcOffset]);
        a.mov(__qword_ptr[rax + Boundary.FaultPcOffset], rcx);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.StackOffset]);
        a.mov(__qword_ptr[rax + Boundary.FaultStackOffset], rcx);
        a.mov(rcx, (ulong)GuestEntry.FaultLanding);  // resume: fault(boundary)
        a.mov(__qword_ptr[rbx + FaultEvent.ResumePcOffset], rcx);
        a.mov(rcx, __qword_ptr[rax]);                // on the boundary's stack, below any guard page
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeStackOffset], rcx);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeArgumentOffset], rax);
        a.mov(eax, (int)FaultAction.Land);
        a.pop(rbx);
        a.ret();

        a.Label(ref passOn);
        a.xor(eax, eax);                             // FaultAction.PassOn
        a.pop(rbx);
        a.ret();

        var decide = a.CreateLabel();
        a.Label(ref interrupt);
        a.mov(edi, GuestEntry.ActiveSlot);
        HostPlatform.Slots.EmitGet(a);               // rax = the active boundary
        a.jmp(decide);

        mark(StopEntry);                             // rdi = the event, rsi = the suspended thread's active boundary
        a.push(rbx);
        a.mov(rbx, rdi);
        a.mov(rax, rsi);
        a.Label(ref decide);
        EmitStop(a, passOn);
    });

    /// <summary>
    /// rbx = an interruption's event, rax = the interrupted thread's active boundary. It acts only when the thread runs
    /// guest code above its active boundary (no C# handler in between) and its pc is in the program's own code
    /// (<see cref="ProgramCode"/>), where it holds nothing of the modules' or the host's:
    /// <list type="bullet">
    /// <item>a kill that may stop it anywhere is pending (<see cref="FaultDelivery.Stop"/>: its program is ending): it lands
    /// at <see cref="GuestEntry.StopLanding"/>, which ends its guest call as a kill at a system call would;</item>
    /// <item>else, a signal for the program waits for it (<see cref="FaultDelivery.Signal"/>, set by -13), the program has
    /// an entry (-15) and the thread's fault area is free: it goes to the entry as a fault would, with signal 0 in the
    /// siginfo (not a fault: "take what is pending here") and the interrupted context, which it resumes after the
    /// handlers ran - a thread that computes takes its signal where it is, as on Linux (docs/processes.md).</item>
    /// </list>
    /// Anything else is passed on (ignored: the interruption's other purpose, ending a blocked host call, needs nothing of
    /// the handler).
    /// </summary>
    private static void EmitStop(Iced.Intel.Assembler a, Iced.Intel.Label passOn)
    {
        var scan = a.CreateLabel();
        var next = a.CreateLabel();
        var found = a.CreateLabel();
        var take = a.CreateLabel();
        var inProgram = a.CreateLabel();
        a.test(rax, rax);
        a.jz(passOn);
        a.cmp(__qword_ptr[rax + Boundary.InManagedOffset], 0);
        a.jne(passOn);                               // in a C# handler: it ends at the handler's return
        a.mov(rdx, __qword_ptr[rax + Boundary.RecordOffset]);
        a.test(rdx, rdx);
        a.jz(passOn);                                // off Microcosm threads
        a.mov(r11, __qword_ptr[rdx + FaultDelivery.StopOffset]);
        a.test(r11, r11);
        a.jnz(inProgram);                            // a kill comes first
        a.cmp(__qword_ptr[rdx + FaultDelivery.SignalOffset], 0);
        a.je(passOn);
        a.cmp(__qword_ptr[rdx + FaultDelivery.EntryOffset], 0);
        a.je(passOn);                                // the program takes no signals where it computes
        a.mov(r8, __qword_ptr[rdx + FaultDelivery.AreaOffset]);
        a.cmp(__qword_ptr[r8], 0);
        a.jne(passOn);                               // the area is busy: a fault's entry or this one runs there
        a.Label(ref inProgram);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.PcOffset]);
        a.mov(r8, (ulong)ProgramCode.Table);
        a.mov(r9d, ProgramCode.Capacity);
        a.Label(ref scan);
        a.mov(r10, __qword_ptr[r8 + ProgramCode.EndOffset]);
        a.test(r10, r10);
        a.jz(next);                                  // an empty entry
        a.cmp(rcx, r10);
        a.jae(next);
        a.cmp(rcx, __qword_ptr[r8 + ProgramCode.StartOffset]);
        a.jae(found);
        a.Label(ref next);
        a.add(r8, ProgramCode.EntrySize);
        a.dec(r9d);
        a.jnz(scan);
        a.jmp(passOn);                               // not the program's code: a module's, the core's, a host library's
        a.Label(ref found);
        a.test(r11, r11);
        a.jz(take);
        a.mov(rcx, (ulong)GuestEntry.StopLanding);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumePcOffset], rcx);
        a.mov(rcx, __qword_ptr[rax]);                // the boundary's own stack
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeStackOffset], rcx);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeArgumentOffset], rax);
        a.mov(eax, (int)FaultAction.Land);
        a.pop(rbx);
        a.ret();

        a.Label(ref take);
        a.mov(__qword_ptr[rdx + FaultDelivery.SignalOffset], 0);   // taken: the entry delivers what is pending
        a.mov(r11, __qword_ptr[rdx + FaultDelivery.AreaOffset]);
        a.mov(__qword_ptr[r11], 1);                  // busy until the entry has moved off the area
        a.mov(__qword_ptr[rbx + FaultEvent.TakenOffset], r11);   // freed again by a host that cannot resume the thread there
        a.add(r11, FaultDelivery.ContextAt);
        for (int i = 0; i < FaultDelivery.InfoSize / 8; i++) a.mov(__qword_ptr[r11 + i * 8], 0);   // si_signo 0
        EmitEnterGuest(a, __qword_ptr[rdx + FaultDelivery.EntryOffset]);
    }

    /// <summary>r11 = the context in the fault area (its siginfo written): the thread resumes at the entry, on the area,
    /// with the context as its argument and the host asked to write the registers after the siginfo.</summary>
    private static void EmitEnterGuest(Iced.Intel.Assembler a, Iced.Intel.AssemblerMemoryOperand entry)
    {
        a.mov(rcx, entry);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumePcOffset], rcx);
        a.lea(rcx, __qword_ptr[r11 - 8]);            // as if called: rsp 8 below a 16-byte boundary
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeStackOffset], rcx);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumeArgumentOffset], r11);
        a.lea(rcx, __qword_ptr[r11 + FaultDelivery.InfoSize]);
        a.mov(__qword_ptr[rbx + FaultEvent.ContextOutOffset], rcx);
        a.mov(eax, (int)FaultAction.Deliver);
        a.pop(rbx);
        a.ret();
    }

    /// <summary>
    /// rax = the active boundary, rbx = the event. A guest fault goes to the guest's own entry (-15) when the thread has
    /// one, the guest handles the signal, and the thread's fault area neither blocks it nor is busy (busy: a fault before
    /// the entry left the area, so the handler's frame could not be written, as on Linux for a stack that overflowed
    /// without an alternate one; the report then names the fault the handler was for). Then the area is marked busy,
    /// the context's siginfo written at its end and the host asked to write the registers after it; else it jumps to
    /// <paramref name="land"/> with rax unchanged.
    /// </summary>
    private static void EmitDelivery(Iced.Intel.Assembler a, Iced.Intel.Label land)
    {
        var busy = a.CreateLabel();
        a.mov(rdx, __qword_ptr[rax + Boundary.RecordOffset]);
        a.test(rdx, rdx);
        a.jz(land);                                  // off Microcosm threads
        a.mov(r9, __qword_ptr[rdx + FaultDelivery.EntryOffset]);
        a.test(r9, r9);
        a.jz(land);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.SignalOffset]);
        a.dec(ecx);
        a.mov(r10d, 1);
        a.shl(r10, cl);                              // the signal's bit
        a.mov(r8, __qword_ptr[rdx + FaultDelivery.HandledOffset]);
        a.test(__qword_ptr[r8], r10);
        a.jz(land);                                  // no handler: the core reports it
        a.mov(r11, __qword_ptr[rdx + FaultDelivery.AreaOffset]);
        a.test(__qword_ptr[r11 + 8], r10);
        a.jnz(land);                                 // blocked: Linux ends the process for a blocked fault
        a.cmp(__qword_ptr[r11], 0);
        a.jne(busy);
        a.mov(__qword_ptr[r11], 1);                  // busy until the entry has moved off the area
        a.add(r11, FaultDelivery.ContextAt);
        for (int i = 0; i < FaultDelivery.InfoSize / 8; i++) a.mov(__qword_ptr[r11 + i * 8], 0);
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.SignalOffset]);
        a.mov(__dword_ptr[r11], ecx);                // si_signo
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.CodeOffset]);
        a.mov(__dword_ptr[r11 + 8], ecx);            // si_code
        a.mov(rcx, __qword_ptr[rbx + FaultEvent.AddressOffset]);
        a.mov(__qword_ptr[r11 + 16], rcx);           // si_addr
        EmitEnterGuest(a, __qword_ptr[rdx + FaultDelivery.EntryOffset]);

        // The entry could not write the handler's frame (a stack that overflowed without an alternate stack): what the
        // report names is the fault the handler was for, whose context is still in the area.
        a.Label(ref busy);
        a.add(r11, FaultDelivery.ContextAt);
        a.movsxd(rcx, __dword_ptr[r11 + 8]);
        a.mov(__qword_ptr[rbx + FaultEvent.CodeOffset], rcx);
        a.mov(rcx, __qword_ptr[r11 + 16]);
        a.mov(__qword_ptr[rbx + FaultEvent.AddressOffset], rcx);
        a.mov(rcx, __qword_ptr[r11 + FaultDelivery.InfoSize + FaultContext.Rip * 8]);
        a.mov(__qword_ptr[rbx + FaultEvent.PcOffset], rcx);
        a.mov(rcx, __qword_ptr[r11 + FaultDelivery.InfoSize + FaultContext.Rsp * 8]);
        a.mov(__qword_ptr[rbx + FaultEvent.StackOffset], rcx);
        a.jmp(land);
    }
}
