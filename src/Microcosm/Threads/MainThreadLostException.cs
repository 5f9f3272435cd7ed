namespace Microcosm;

/// <summary>
/// The program's main thread ended outside Microcosm: its host thread is gone without having returned to the
/// core, which is what a raw <c>exit</c> system call in guest code does (the instruction, not syscall 60
/// through <c>mc_syscall</c>), and the host cannot tell the status it exited with (Linux before 6.15; see
/// docs/threads.md). The program has ended as a process whose last thread exits does: its other threads
/// were killed and no finalizers ran. Where the host can tell the status, <c>Cosmos.Run</c> returns it instead.
/// </summary>
public sealed class MainThreadLostException() : Exception(
    "the main thread ended outside Microcosm (a raw exit system call, not syscall 60 through mc_syscall); this host cannot tell its exit status")
{
    /// <summary>What the CLI exits with: a failure, since the program's own status is unknown.</summary>
    public const int UnknownStatus = 1;

    public int ExitStatus => UnknownStatus;
}
