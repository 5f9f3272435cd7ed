using System.Runtime.InteropServices;

namespace Microcosm.Faults;

/// <summary>
/// The record a C# → guest call leaves on its own stack so that guest frames above it can be
/// discarded: where the entry trampoline's frame is, how the call ended, the enclosing boundary of
/// the same thread, and — when guest code faulted — what the signal handler saw.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Boundary
{
    /// <summary>Values of <see cref="Unwound"/>.</summary>
    public const int Returned = 0, Ended = 1, Faulted = 2;

    public nint SavedStack;   // 0: rsp inside enter(), after its own pushes
    public nint Unwound;      // 8: Returned, Ended (unwind() came back through it) or Faulted (the fault handler did)
    public unsafe Boundary* Previous; // 16: managed bookkeeping (GuestThread.Innermost)
    public nint OuterActive;  // 24: the thread's active boundary before this one (restored when enter returns)
    public nint FaultSignal;  // 32..64: written by the fault handler, valid when Unwound == Faulted
    public nint FaultCode;
    public nint FaultPc;
    public nint FaultAddress;
    public nint FaultStack;
    public nint InManaged;    // 72: not 0 while a C# handler called from the guest code above this boundary runs
    public nint Record;       // 80: the thread's ThreadRecord (set by the caller of enter), or 0 off Microcosm threads
    public unsafe OwnStack* OwnStack; // 88: the stack of its own the guest code above runs on (a fork child's copy of the parent's), or null

    public const int PreviousOffset = 16, OuterActiveOffset = 24, FaultSignalOffset = 32, FaultCodeOffset = 40;
    public const int FaultPcOffset = 48, FaultAddressOffset = 56, FaultStackOffset = 64, InManagedOffset = 72;
    public const int RecordOffset = 80, OwnStackOffset = 88;
}
