namespace Microcosm.Host;

/// <summary>
/// Who sent a signal from outside, as Linux's <c>siginfo_t</c> says: <see cref="Code"/> (SI_USER for kill, SI_QUEUE for
/// sigqueue, SI_KERNEL for the kernel's, a CLD_ code for a child's SIGCHLD), the sender's process and real user id, and
/// <see cref="Value"/>: sigqueue's value, or for a child's SIGCHLD its exit status or signal (what core syscall -27
/// gives the C library).
/// </summary>
internal readonly record struct SignalSender(int Code, int Pid, uint Uid, long Value)
{
    /// <summary>A signal whose sender the host does not say: kill's code, no process.</summary>
    public static SignalSender Unknown => new(0, 0, 0, 0);
}
