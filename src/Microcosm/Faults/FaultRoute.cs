using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Faults;

/// <summary>
/// The core's side of every fault, <c>FaultAction route(FaultEvent *)</c>: the host's handler
/// (<see cref="HostFaults.EmitHandler"/>) hands it each fault in the target's terms and resumes the thread as it
/// answers. No managed code runs here and it takes no locks: it runs in the handler's context.
/// <list type="bullet">
/// <item>First, on any thread: a SIGSEGV or SIGBUS raised by the checked copy's one copying instruction
/// (<see cref="CheckedCopyStub"/>) resumes at the copy's fixup, which returns -EFAULT to its caller. This
/// comes before every other test, because C# code uses the checked copy too, where a fault would otherwise
/// be .NET's.</item>
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
        var notCopy = a.CreateLabel();
        var copyFault = a.CreateLabel();
        mark(Entry);                                 // rdi = the event
        a.push(rbx);                                 // rsp was 8 mod 16, as after a call: now aligned for the slot read
        a.mov(rbx, rdi);
        a.cmp(__qword_ptr[rbx + FaultEvent.CodeOffset], 0);
        a.jle(passOn);                               // sent by kill(), raise() or sigqueue(): not a fault of any code
        a.cmp(__qword_ptr[rbx + FaultEvent.SignalOffset], FaultSignals.SIGSEGV);
        a.je(copyFault);
        a.cmp(__qword_ptr[rbx + FaultEvent.SignalOffset], FaultSignals.SIGBUS);
        a.jne(notCopy);
        a.Label(ref copyFault);
        a.mov(rax, __qword_ptr[rbx + FaultEvent.PcOffset]);
        a.mov(rcx, (ulong)CheckedCopyStub.Start);
        a.sub(rax, rcx);
        a.cmp(rax, (int)(CheckedCopyStub.End - CheckedCopyStub.Start));
        a.jae(notCopy);                              // unsigned: a pc below the start wraps around too
        a.mov(rcx, (ulong)CheckedCopyStub.Fixup);
        a.mov(__qword_ptr[rbx + FaultEvent.ResumePcOffset], rcx);
        a.mov(eax, (int)FaultAction.Fixup);          // the copy returns -EFAULT to its caller
        a.pop(rbx);
        a.ret();

        a.Label(ref notCopy);
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
