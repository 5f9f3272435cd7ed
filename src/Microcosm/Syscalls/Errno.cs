namespace Microcosm.Syscalls;

/// <summary>
/// Linux x86-64 errno values: the target ABI's. Handlers return them negated. The values, names and
/// glibc's messages are generated from abi/errno.tsv (Abi.targets), as the C side's are.
/// </summary>
public static partial class Errno;
