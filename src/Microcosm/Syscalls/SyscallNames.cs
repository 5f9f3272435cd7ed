namespace Microcosm.Syscalls;

/// <summary>Names and argument counts for tracing, generated from abi/syscalls.tsv (Abi.targets): Linux's names, the
/// core's and Microcosm's own with <c>mc_</c>. Unknown numbers print as <c>syscall_N</c> with four arguments.</summary>
internal static partial class SyscallNames
{
    public static (string Name, int Arity) Describe(long number) =>
        Known.TryGetValue(number, out var known) ? known : ($"syscall_{number}", 4);
}
