namespace Microcosm.Syscalls;

/// <summary>Something in C# that the syscall table can call like a native handler.</summary>
internal abstract class ManagedEntry
{
    /// <summary>A C# delegate to call instead of <see cref="Invoke"/>: one call less on the handler path.</summary>
    public SyscallHandler? Handler { get; init; }

    public abstract nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f);

    /// <summary>Called when <see cref="Invoke"/> throws: the exception cannot cross into guest code.</summary>
    public virtual nint OnException(Exception exception) => -Errno.EIO;
}
