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
        bool overflow = signal == FaultSignals.SIGSEGV && HostPlatform.Threads.CurrentStack() is { } stack
            && (ulong)address < (ulong)stack.Low && (ulong)address >= (ulong)(stack.Low - stack.Guard);
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
