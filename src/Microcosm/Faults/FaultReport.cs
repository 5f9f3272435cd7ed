using Microcosm.Host;

namespace Microcosm.Faults;

/// <summary>Turns what the fault handler recorded in a boundary into a <see cref="GuestFault"/>, on the
/// faulting thread, in normal context, after the guest frames were discarded (their objects are still mapped).</summary>
internal static unsafe class FaultReport
{
    public static GuestFault Create(Boundary* boundary, long threadId)
    {
        int signal = (int)boundary->FaultSignal;
        nint pc = boundary->FaultPc, address = boundary->FaultAddress;
        var location = Symbolizer.Locate(pc);
        // The stack the guest code ran on: its own when it has one (a fork child's copy), else the host thread's.
        var stack = boundary->OwnStack != null ? (boundary->OwnStack->Low, boundary->OwnStack->Size, boundary->OwnStack->Guard)
            : HostPlatform.Threads.CurrentStack();
        bool overflow = signal == FaultSignals.SIGSEGV && stack is (var low, _, var guard)
            && (ulong)address < (ulong)low && (ulong)address >= (ulong)(low - guard);
        return new GuestFault
        {
            Signal = signal,
            Code = (int)boundary->FaultCode,
            ThreadId = threadId,
            ProgramCounter = pc,
            Address = address,
            StackPointer = boundary->FaultStack,
            ObjectName = location?.Path is { } path ? Path.GetFileName(path) : null,
            ObjectPath = location?.Path,
            Offset = location?.Offset ?? 0,
            Symbol = location?.Symbol,
            StackOverflow = overflow,
        };
    }
}
