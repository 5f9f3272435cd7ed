namespace Microcosm.Syscalls;

/// <summary>The arguments of one syscall as a handler receives them. Through <c>mc_syscall</c>, E and F are unspecified.
/// The layout is fixed (seven 8-byte fields in this order): the handler thunks build it on their stack.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
public readonly record struct SyscallArgs(long Number, nint A, nint B, nint C, nint D, nint E, nint F);

/// <summary>A syscall handler written in C#. Return a result, or -errno in [-4095, -1].</summary>
public delegate nint SyscallHandler(in SyscallArgs args);

/// <summary>The numbers of the core syscalls (see the contract).</summary>
public static class CoreSyscall
{
    public const long Register = -1, Get = -2, Deregister = -3;
    public const long ExpandThreadStructure = -8, CurrentThreadStructure = -9;
    /// <summary>-10 (sig): the program ends as if killed by signal sig (exit status 128 + sig); see <see cref="Cosmos.TerminatingSignal"/>.</summary>
    public const long ExitSignal = -10;
    /// <summary>-11: (index, int64_t out[2]) gives the caller the index-th descriptor the program starts with (docs/abi.md).</summary>
    public const long TakeDescriptor = -11;
    public const long SpawnThread = -16, InitializeThread = -17, KillThread = -18, JoinThread = -19;
    /// <summary>Numbers from -63 to -1 belong to the core.</summary>
    public const long LowestReserved = -63;
}
