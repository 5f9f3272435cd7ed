using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Faults;

/// <summary>
/// A stack of its own that the guest code above a boundary runs on (<see cref="Boundary.OwnStack"/> points at one): a
/// fork child's copy of the parent's stack, which is not the stack its host thread was given. The host must know the
/// thread by that stack while the guest code runs there (Windows finds a stack overflow, and where to dispatch an
/// exception, by the TEB's limits), and by its own again while C# code runs: <c>enter</c> saves the host stack's limits
/// here and uses the own stack's (GuestEntry), the handler thunks put the host's back around the C# call
/// (ManagedHandlerThunks), and <c>enter</c> puts them back when the call ends however it ends.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OwnStack
{
    public nint Low;      // 0: its lowest usable address
    public nuint Size;    // 8
    public nint Guard;    // 16: the guard below it, where an overflow faults (the report's "stack overflow")
    public fixed byte Limits[HostFaults.StackLimitsSize];      // 24: the own stack, as the host knows a stack
    public fixed byte HostLimits[HostFaults.StackLimitsSize];  // the host thread's own, saved by enter

    public const int LimitsOffset = 24, HostLimitsOffset = LimitsOffset + HostFaults.StackLimitsSize;
}
