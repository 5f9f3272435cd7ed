using System.Runtime.InteropServices;

namespace Microcosm.Faults;

/// <summary>
/// What the fault route reads of a thread in a fault handler: its part in a program's own fault handling (core syscall
/// -15, docs/processes.md) - the program's entry, the thread's fault area and the set of signals the program has
/// handlers for - whether an interruption may stop it (<see cref="Stop"/>), and whether one is for a signal the thread
/// takes where it computes (<see cref="Signal"/>). Each thread's record holds one at
/// <see cref="InRecord"/> (Threads/ThreadRecord.cs); the route finds the record through the active boundary.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FaultDelivery
{
    public nint Entry;     // 0: the guest's entry, void entry(struct mc_fault_context *), or 0: the core reports every fault
    public nint Area;      // 8: the thread's fault area (MC_FAULT_AREA_SIZE bytes): busy, blocked, then space
    public nint Handled;   // 16: ulong*, the signals the program has handlers for (bit sig - 1)
    public nint Stop;      // 24: not 0 while a kill may stop the thread anywhere in the program's own code (docs/threads.md)
    public nint Signal;    // 32: not 0 while a signal for the program waits for the thread: the entry takes it in the program's own code

    /// <summary>Where a thread record holds its <see cref="FaultDelivery"/>.</summary>
    public const int InRecord = 120;
    public const int EntryOffset = InRecord, AreaOffset = InRecord + 8, HandledOffset = InRecord + 16, StopOffset = InRecord + 24;
    public const int SignalOffset = InRecord + 32;

    /// <summary>The fault area's size (<c>MC_FAULT_AREA_SIZE</c>) and where in it the core writes the context for the entry:
    /// the end of the area, <c>struct mc_fault_context</c> (832 bytes), whose registers follow its 128-byte siginfo.</summary>
    public const int AreaSize = 12288, ContextAt = AreaSize - 832, InfoSize = 128;
}
