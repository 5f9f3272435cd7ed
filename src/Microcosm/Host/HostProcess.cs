using Iced.Intel;

namespace Microcosm.Host;

/// <summary>
/// The host process as a guest sees it: its arguments and environment as the bytes they are (a guest must see
/// what it was given, even where .NET's strings could not hold it), and, for the CLI, ending by a signal the
/// way a native program the signal killed would end.
/// </summary>
internal abstract class HostProcess
{
    /// <summary>The process's environment as .NET has it now, with what .NET could not decode as it was.</summary>
    public abstract Dictionary<string, string> Environment();

    /// <summary><paramref name="arguments"/> (the process's arguments from index <paramref name="first"/> on, as .NET
    /// decoded them) with each one .NET could not decode taken again from the process's own.</summary>
    public abstract string[] RepairArguments(string[] arguments, int first);

    /// <summary>An argument or environment string as the NUL-terminated bytes the guest gets: what the host
    /// gave, byte for byte, for a string from <see cref="Environment"/> or <see cref="RepairArguments"/>.</summary>
    public abstract byte[] EncodeTerminated(string text);

    /// <summary>
    /// Ends the process by <paramref name="signal"/> (the target's numbers), so that its parent sees what it would
    /// of a native program the signal killed. Returns only if that did not end it (a signal whose default action
    /// does not terminate a process, or one the host refuses).
    /// </summary>
    public abstract void DieBySignal(int signal);

    /// <summary>
    /// The signals (the target's numbers) that others can send this process and that a guest may take
    /// (Threads/OutsideSignals.cs): never one the host runtime needs for itself, nor a fault (the core's).
    /// </summary>
    public abstract IReadOnlyList<int> CatchableSignals { get; }

    /// <summary>The signals (bit sig - 1) the host process was started with ignored, and blocked: what a program that stands
    /// for the process inherits (core syscall -25). None where the host has no such thing.</summary>
    public virtual (ulong Ignored, ulong Blocked) InheritedSignals => (0, 0);

    /// <summary>Makes the host process ignore <paramref name="signal"/> (one of <see cref="CatchableSignals"/>), or take
    /// it again as it did before, as the program does (core syscall -26). None where the host has no dispositions.
    /// False when the host runtime must be asked for the signal again (the process was started with it ignored, and
    /// the runtime installed no handler over that): <see cref="SetDefault"/>, then a new registration.</summary>
    public virtual bool SetIgnored(int signal, bool ignored) => true;

    /// <summary>The calling host thread blocks the terminal's job-control signals (SIGTTIN, SIGTTOU) that are set in
    /// <paramref name="blocked"/> (bit sig - 1) and unblocks the others, as the program's thread does (core syscall -29):
    /// the kernel's checks on a terminal look at the calling thread's mask. None where the host has no masks.</summary>
    public virtual void BlockJobSignals(ulong blocked) { }

    /// <summary>Puts <paramref name="signal"/> at the host's default action.</summary>
    public virtual void SetDefault(int signal) { }

    /// <summary>The host runtime may just have installed a handler for <paramref name="signal"/> (a new registration):
    /// one the program ignores is ignored again.</summary>
    public virtual void HandlerInstalled(int signal) { }

    /// <summary>Emits the code that records who sends each signal the program may take, where the host says
    /// (<c>handler(signo, info, context)</c>, which passes the signal on to the runtime's handler); false if it has none.
    /// The core places it in executable memory and gives its address to <see cref="UseSenderRecorder"/>.</summary>
    public virtual bool EmitSenderRecorder(Assembler a) => false;

    /// <summary>The recorder emitted by <see cref="EmitSenderRecorder"/>, placed: it goes in front of each handler the host
    /// runtime installs from now on (<see cref="HandlerInstalled"/>).</summary>
    public virtual void UseSenderRecorder(nint recorder) { }

    /// <summary>Who sent the <paramref name="signal"/> the host runtime just handed over (the oldest of that number not yet
    /// asked for); <see cref="SignalSender.Unknown"/> where the host does not say.</summary>
    public virtual SignalSender SenderOf(int signal) => SignalSender.Unknown;

    /// <summary>Opens, once, the way by which signals from other processes come that the host runtime's registrations do not
    /// carry: where no host signal carries one process's signal to another (Windows), the way other Microcosm programs send
    /// this process theirs (their kill and sigqueue); on POSIX, the numbers the host process keeps for itself. Each signal
    /// goes to <paramref name="arrived"/>, on a thread of the host's.</summary>
    public virtual void ListenForSignals(Action<int, SignalSender> arrived) { }

    /// <summary>Whether the host can hand a signal on to another Microcosm program's process (<see cref="RelaySignal"/>):
    /// where it cannot replace a process's program, exec starts the new program as another process.</summary>
    public virtual bool RelaysSignals => false;

    /// <summary>Sends the Microcosm program of process <paramref name="pid"/> <paramref name="signal"/> as
    /// <paramref name="sender"/> sent it, and waits until it is pending there (or the process has gone).</summary>
    public virtual void RelaySignal(int pid, int signal, SignalSender sender) { }

    /// <summary>No instance takes outside signals any more: whatever is known of senders not asked for is dropped.</summary>
    public virtual void ForgetSenders() { }

    /// <summary>
    /// Where a fork child cannot reserve the program's address ranges itself before its runtime takes some of them
    /// (Windows: the module creates it suspended), reserves <paramref name="reservations"/> in that child (host
    /// handles <paramref name="process"/> and <paramref name="thread"/>) and lets it run. Null, or why it cannot.
    /// </summary>
    public virtual string? StartSuspendedChild(nint process, nint thread, IReadOnlyList<(nint Start, ulong Length)> reservations) =>
        "this host's fork child reserves its address ranges itself";
}
