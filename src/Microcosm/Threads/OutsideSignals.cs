using Microcosm.Host;
using Microcosm.Native;
using System.Runtime.InteropServices;

namespace Microcosm.Threads;

/// <summary>
/// Signals sent to the host process from outside — another process's kill, the terminal's Ctrl-C, a Windows
/// console's control events — for the programs of the instances that take them
/// (<see cref="CosmosOptions.ProgramIsProcess"/>). They come through .NET's <see cref="PosixSignalRegistration"/>,
/// which hands them to a .NET thread, never in a signal handler, with who sent them where the host says
/// (<see cref="HostProcess.SenderOf"/>); .NET's own handling of them (SIGTERM's
/// ProcessExit, a console's Ctrl-C) is cancelled for the signals some instance takes, and the host's default
/// stands for the others. A signal goes to every instance that takes it, as a signal to a process group reaches
/// each process of it (docs/processes.md).
/// </summary>
internal static class OutsideSignals
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, PosixSignalRegistration> Registrations = [];
    private static readonly List<SignalInbox> Inboxes = [];

    /// <summary>The host's recorder of who sent each signal, placed once, before the first registration; never freed (a
    /// signal may be in it on some thread at any moment). Null where the host has none.</summary>
    private static readonly Lazy<ExecutableCode?> SenderRecorder = new(() =>
    {
        bool emitted = false;
        var code = ExecutableCode.Emit((a, mark) =>
        {
            mark("recorder");
            emitted = HostPlatform.Process.EmitSenderRecorder(a);
            if (!emitted) a.ret();
        });
        if (!emitted)
        {
            code.Dispose();
            return null;
        }
        HostPlatform.Process.UseSenderRecorder(code["recorder"]);
        return code;
    });

    /// <summary>Routes <paramref name="signals"/> to <paramref name="inbox"/> (which says, per signal, whether it takes it now).</summary>
    public static void Add(SignalInbox inbox, IEnumerable<int> signals)
    {
        lock (Gate)
        {
            _ = SenderRecorder.Value;
            HostPlatform.Process.ListenForSignals(ArrivedFromProcess);   // once; the signals the registrations cannot carry
            if (!Inboxes.Contains(inbox)) Inboxes.Add(inbox);
            foreach (int signal in signals)
                if (!Registrations.ContainsKey(signal))
                {
                    Registrations[signal] = PosixSignalRegistration.Create(ToPosix(signal), Arrived);
                    HostPlatform.Process.HandlerInstalled(signal);   // one the program ignores stays ignored
                }
        }
    }

    /// <summary>
    /// A signal the process was started with ignored, which the program now takes: the runtime respects a signal ignored
    /// when it registers it (it installs no handler, so that exec'd children keep it ignored), so the registration is
    /// made again over the signal's default. Not SIGINT and SIGQUIT, whose handling the runtime keeps for its console
    /// whatever the registrations: those stay ignored (docs/processes.md).
    /// </summary>
    public static void TakeAgain(int signal)
    {
        lock (Gate)
        {
            if (signal is 2 or 3 || !Registrations.Remove(signal, out var registration)) return;
            registration.Dispose();   // puts back what the runtime found, the ignore
            HostPlatform.Process.SetDefault(signal);
            Registrations[signal] = PosixSignalRegistration.Create(ToPosix(signal), Arrived);
            HostPlatform.Process.HandlerInstalled(signal);
        }
    }

    /// <summary>The instance takes no more signals; when no instance takes any, the host's own handling is back.</summary>
    public static void Remove(SignalInbox inbox)
    {
        lock (Gate)
        {
            Inboxes.Remove(inbox);
            if (Inboxes.Count > 0) return;
            foreach (var registration in Registrations.Values) registration.Dispose();
            Registrations.Clear();
            HostPlatform.Process.ForgetSenders();
        }
    }

    private static void Arrived(PosixSignalContext context)
    {
        int signal = FromPosix(context.Signal);
        var sender = HostPlatform.Process.SenderOf(signal);   // taken whoever takes the signal: the next is the next's
        lock (Gate)   // an inbox is not disposed while a signal is posted to it
            foreach (var inbox in Inboxes)
                if (inbox.Takes(signal))
                {
                    inbox.Post(signal, sender);
                    context.Cancel = true;   // else the host's default
                }
    }

    /// <summary>A signal from another process that no registration carries (<see cref="HostProcess.ListenForSignals"/>):
    /// every instance that takes signals gets it, with its default action where the program does not take it yet.</summary>
    private static void ArrivedFromProcess(int signal, SignalSender sender)
    {
        lock (Gate)
            foreach (var inbox in Inboxes) inbox.PostFromProcess(signal, sender);
    }

    // The four a Windows console has go by .NET's names; the others (POSIX hosts only) by their numbers.
    private static readonly (int Number, PosixSignal Named)[] Named =
        [(1, PosixSignal.SIGHUP), (2, PosixSignal.SIGINT), (3, PosixSignal.SIGQUIT), (15, PosixSignal.SIGTERM)];

    private static PosixSignal ToPosix(int signal) =>
        Array.Find(Named, n => n.Number == signal) is { Named: not 0 } named ? named.Named : (PosixSignal)signal;

    private static int FromPosix(PosixSignal signal) =>
        Array.Find(Named, n => n.Named == signal) is { Number: not 0 } named ? named.Number : (int)signal;
}
