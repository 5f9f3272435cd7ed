using System.Runtime.InteropServices;
using Iced.Intel;

namespace Microcosm.Host;

/// <summary>
/// The host's side of guest faults: a handler that sees every fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE on POSIX;
/// access violations and friends on Windows) and asks the core's route what to do, and the stack it runs on
/// when a thread has overflowed its own. What is a guest fault, and where it resumes, is the core's
/// (Faults/FaultRoute.cs); how a fault reaches a handler and how its thread is resumed is the host's.
/// </summary>
internal abstract unsafe class HostFaults
{
    /// <summary>The bytes a host needs to describe a thread's fault stack (Linux's <c>stack_t</c> is the largest: 24).</summary>
    public const int StackDescriptionSize = 24;

    /// <summary>Writes into <paramref name="description"/> (<see cref="StackDescriptionSize"/> bytes) the fault stack
    /// at <paramref name="low"/>, <paramref name="size"/> bytes long.</summary>
    public abstract void DescribeStack(byte* description, nint low, nuint size);

    /// <summary>Gives the calling thread the described fault stack if it has none; true if it did.</summary>
    public abstract bool InstallStack(byte* description);

    /// <summary>Takes the described stack back from the calling thread if it is its fault stack (outside the handler,
    /// so never while on it).</summary>
    public abstract void RemoveStack(byte* description);

    /// <summary>Emits the installation of the fault stack described at rdi on the calling thread, unconditionally (a
    /// new host thread has none); it may clobber what a System V call may.</summary>
    public abstract void EmitInstallStack(Assembler a);

    /// <summary>
    /// Emits <c>void guard(nint low, nint high)</c> (System V, with its <c>ret</c>): makes the bottom of the stack
    /// [low, high) the zone where the host raises a stack overflow its handler can take, again after one was taken
    /// there. The one routine behind every guard the core sets: a thread's own stack when it starts, a stack of its
    /// own (<see cref="PrepareStack"/>), and the zone again after an overflow. Only a <c>ret</c> where the host's guard
    /// is never used up (Linux: an inaccessible mapping below each stack).
    /// </summary>
    public abstract void EmitGuardStack(Assembler a);

    /// <summary>Hands the host the emitted <see cref="EmitGuardStack"/>: its System V entry (for generated code) and its
    /// entry in the host's convention (for C#). Before any thread starts or any handler is emitted.</summary>
    public abstract void InstallGuardStack(nint systemV, nint host);

    /// <summary>The bytes a host needs to tell which stack a thread runs on (Windows: the TEB's three limits).</summary>
    public const int StackLimitsSize = 24;

    /// <summary>Emits code that writes the calling thread's stack as the host knows it now to where
    /// <paramref name="limits"/> points, for <see cref="EmitUseStack"/> to put back. Clobbers <paramref name="scratch"/> alone.</summary>
    public abstract void EmitSaveStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch);

    /// <summary>Makes [<paramref name="low"/>, <paramref name="low"/> + <paramref name="size"/>), with
    /// <paramref name="guard"/> bytes of its reservation below it, a stack that a thread can run guest code on (a
    /// fork child's copy of the parent's): its guard as the thread's own has one, and its limits written into
    /// <paramref name="limits"/> for <see cref="EmitUseStack"/>.</summary>
    public abstract void PrepareStack(byte* limits, nint low, nuint size, nint guard);

    /// <summary>Emits code after which the host takes the calling thread's stack to be the one whose limits
    /// <paramref name="limits"/> points at (<see cref="EmitSaveStack"/>, <see cref="PrepareStack"/>): where its overflow
    /// handling and its exception dispatch look for the stack. Clobbers <paramref name="scratch"/> alone; nothing where
    /// the host does not ask (Linux delivers every fault on the alternate signal stack).</summary>
    public abstract void EmitUseStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch);

    /// <summary>
    /// Emits the host's fault handler. For every fault it fills a <see cref="FaultEvent"/> and calls
    /// <paramref name="route"/> (System V: <c>FaultAction route(FaultEvent *)</c>), then resumes the thread as the
    /// answer says, or passes the fault on to whatever handled it before (the .NET runtime's).
    /// </summary>
    public abstract void EmitHandler(Assembler a, nint route);

    /// <summary>Installs the emitted handler for every fault, process-wide, once, in front of the handlers already
    /// installed (the runtime's), which it passes other faults on to. Never undone: a fault may be in flight.</summary>
    public abstract void InstallHandler(nint handler);
}

/// <summary>What the core's fault route answers (<see cref="HostFaults.EmitHandler"/>).</summary>
internal enum FaultAction
{
    /// <summary>Not the core's: the host passes the fault on, as if the core's handler were not there.</summary>
    PassOn = 0,
    /// <summary>Resume at <see cref="FaultEvent.ResumePc"/>, nothing else changed (a fixup: the checked copy's).</summary>
    Fixup = 1,
    /// <summary>Resume at <see cref="FaultEvent.ResumePc"/> with the stack pointer <see cref="FaultEvent.ResumeStack"/>,
    /// rdi = <see cref="FaultEvent.ResumeArgument"/> and the direction and trap flags clear (a guest fault's landing).</summary>
    Land = 2,
    /// <summary>As <see cref="Land"/>, after writing the thread's registers, as Linux's mcontext gregs orders them, and its
    /// fxsave state at <see cref="FaultEvent.ContextOut"/> (<see cref="FaultContext"/>): a guest's own fault handler runs.</summary>
    Deliver = 3,
}

/// <summary>Where a <see cref="FaultAction.Deliver"/> writes the thread's state: the <c>gregs</c> and <c>fpregs</c> of
/// <c>struct mc_fault_context</c> (guest/include/microcosm.h), relative to <see cref="FaultEvent.ContextOut"/>.</summary>
internal static class FaultContext
{
    /// <summary>Linux's mcontext order of the general registers (REG_R8 = 0 ... REG_CR2 = 22).</summary>
    public const int R8 = 0, R9 = 1, R10 = 2, R11 = 3, R12 = 4, R13 = 5, R14 = 6, R15 = 7, Rdi = 8, Rsi = 9, Rbp = 10;
    public const int Rbx = 11, Rdx = 12, Rax = 13, Rcx = 14, Rsp = 15, Rip = 16, Flags = 17, Cr2 = 22;
    public const int RegisterCount = 23;
    /// <summary>The 512 bytes fxsave writes, 64-aligned.</summary>
    public const int FpOffset = 192, FpSize = 512;
}

/// <summary>A fault as the host's handler hands it to the core's route, in the target's terms, and the route's answer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FaultEvent
{
    public long Signal;          // 0: SIGSEGV 11, SIGBUS 7, SIGILL 4 or SIGFPE 8 (Linux's numbers: the target's)
    public long Code;            // 8: > 0 when an instruction raised the fault (si_code); 0 or less when it was sent
    public nint Pc;              // 16: the faulting instruction
    public nint Address;         // 24: the data address it touched (si_addr)
    public nint Stack;           // 32: the thread's stack pointer
    public nint ResumePc;        // 40: the answer
    public nint ResumeStack;     // 48
    public nint ResumeArgument;  // 56
    public nint ContextOut;      // 64: for Deliver, where the host writes the thread's registers (FaultContext)
    public nint Taken;           // 72: for Deliver, a word the route set that the host clears if it cannot resume the thread so (also keeps the size a multiple of 16)

    public const int SignalOffset = 0, CodeOffset = 8, PcOffset = 16, AddressOffset = 24, StackOffset = 32;
    public const int ResumePcOffset = 40, ResumeStackOffset = 48, ResumeArgumentOffset = 56, ContextOutOffset = 64, TakenOffset = 72;
    public const int Size = 80;
}
