namespace Microcosm.Syscalls;

/// <summary>The arguments of one syscall as a handler receives them. Through <c>mc_syscall</c>, E and F are unspecified.
/// The layout is fixed (seven 8-byte fields in this order): the handler thunks build it on their stack.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
public readonly record struct SyscallArgs(long Number, nint A, nint B, nint C, nint D, nint E, nint F);

/// <summary>A syscall handler written in C#. Return a result, or -errno in [-4095, -1].</summary>
public delegate nint SyscallHandler(in SyscallArgs args);

/// <summary>The numbers of the core syscalls (see the contract), generated from abi/syscalls.tsv (Abi.targets).</summary>
public static partial class CoreSyscall
{
    /// <summary>Numbers from -63 to -1 belong to the core.</summary>
    public const long LowestReserved = -63;
}
