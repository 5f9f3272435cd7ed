namespace Microcosm.Syscalls;

/// <summary>Names and arguments for tracing, generated from abi/syscalls.tsv (Abi.targets): Linux's names, the
/// core's and Microcosm's own with <c>mc_</c>; an argument kind a letter (<see cref="Diagnostics.TraceFormat.Call"/>: i a plain value,
/// s a string the call reads, b a buffer it reads, its length the next argument). Unknown numbers print as
/// <c>syscall_N</c> with four plain arguments. Each call's family (abi/families.tsv; "core" for the core's) is what the
/// trace's -e selects by.</summary>
internal static partial class SyscallNames
{
    public static (string Name, string Arguments, string Family) Describe(long number) =>
        Known.TryGetValue(number, out var known) ? known : ($"syscall_{number}", "iiii", number < 0 ? "core" : "");
}
