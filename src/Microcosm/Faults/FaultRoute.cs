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
/// boundary, and the thread lands at <see cref="GuestEntry.FaultLanding"/> on the boundary's stack.</item>
/// <item>Anything else is passed on to the handler installed before (the .NET runtime's).</item>
/// </list>
/// Process-wide and never unmapped, like the handler that calls it.
/// </summary>
internal static class FaultRoute
{
    public const string Entry = "route";

    public static ExecutableCode Emit() => ExecutableCode.Emit((a, mark) =>
    {
        var passOn = a.CreateLabel();
        var notFixup = a.CreateLabel();
        var mayHaveFixup = a.CreateLabel();
        var nextFixup = a.CreateLabel();
        var fixup = a.CreateLabel();
        mark(Entry);                                 // rdi = the event
        a.push(rbx);                                 // rsp was 8 mod 16, as after a call: now aligned for the slot read
        a.mov(rbx, rdi);
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
    });
}
