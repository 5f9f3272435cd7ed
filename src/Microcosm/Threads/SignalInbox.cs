using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// One instance's outside signals. Until the program asks for them (core syscall -12, which the C library's
/// signal listener makes once the program sets an action or blocks a signal), SIGHUP, SIGINT, SIGQUIT and SIGTERM
/// end it as they end a native program that leaves them at their default (<see cref="ThreadManager.EndBySignal"/>),
/// and the others keep the host's default. Once it asks, every signal the host lets a guest take
/// (<see cref="HostProcess.CatchableSignals"/>) is kept pending here until the listener takes it, lowest first;
/// the C library then does what the program's action says (docs/processes.md).
/// </summary>
internal sealed unsafe class SignalInbox : IDisposable
{
    private static readonly int[] EndingByDefault = [1, 2, 3, 15];

    private readonly ThreadManager _threads;
    private readonly int* _word;   // changes whenever a signal arrives: the listener waits on it
    private readonly List<(int Signal, SignalSender Sender)> _pending = [];   // in the order they came
    private readonly Lock _pendingGate = new();
    /// <summary>Real-time signals queued at most (Linux's RLIMIT_SIGPENDING is of this order): later ones are lost; a
    /// standard signal always finds its place.</summary>
    private const int QueueMax = 4096;
    private volatile bool _listening;
    private volatile bool _disposed;
    private volatile int _forwardTo;   // the process the program's new image runs in (-30: an exec on Windows), or 0

    public SignalInbox(ThreadManager threads)
    {
        _threads = threads;
        _word = (int*)NativeMemory.AllocZeroed(sizeof(int));
        // One the process was started with ignored stays so: the runtime installs no handler over an ignored signal.
        OutsideSignals.Add(this, EndingByDefault.Where(HostPlatform.Process.CatchableSignals.Contains));
        threads.ExitSignalled = WatchTheEnd;
    }

    /// <summary>How long a program a signal ends may take to end before the process ends by the signal anyway.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(2);
    private Timer? _endWatch;

    /// <summary>
    /// A signal decided the program's end (its default action, from outside or from its C library): the process is the
    /// program's, and a native one would be gone at once. A main thread that makes no syscalls cannot be stopped
    /// (threads.md), so if the program has not ended within <see cref="EndGrace"/>, the process ends by the signal
    /// itself — Ctrl-C still ends a program that computes without end.
    /// </summary>
    private void WatchTheEnd(int signal) =>
        _endWatch = new Timer(_ =>
        {
            if (_disposed) return;
            Console.Error.Flush();
            HostPlatform.Process.DieBySignal(signal);
            Environment.Exit(128 + signal);   // where the host has no signals to end by
        }, null, EndGrace, Timeout.InfiniteTimeSpan);

    /// <summary>Whether this instance takes <paramref name="signal"/> now.</summary>
    public bool Takes(int signal) =>
        _listening ? HostPlatform.Process.CatchableSignals.Contains(signal) : EndingByDefault.Contains(signal) && TakenByDefault(signal);

    /// <summary>Before the program asks for its signals, one that ends it by default is taken (to end it as the signal
    /// would) unless the process was started with it ignored: then the program starts with it ignored too (-25), and the
    /// host ignores it, as the kernel does for a native program started so (nohup, a background job).</summary>
    private static bool TakenByDefault(int signal) =>
        HostPlatform.Process.CatchableSignals.Contains(signal) && (HostPlatform.Process.InheritedSignals.Ignored & (1UL << (signal - 1))) == 0;

    /// <summary>A signal arrived (on a .NET thread), sent by <paramref name="sender"/>. As Linux keeps them: a standard
    /// signal sent again while pending is one, with the first one's sender; each real-time one is queued.</summary>
    public void Post(int signal, SignalSender sender)
    {
        if (_forwardTo != 0) return;   // the host's own, which the new program gets itself (a console's events)
        if (!_listening)
        {
            _threads.EndBySignal(signal);
            return;
        }
        lock (_pendingGate)
        {
            bool standard = signal < 32;
            if (standard ? !_pending.Exists(p => p.Signal == signal) : _pending.Count(p => p.Signal >= 32) < QueueMax)
                _pending.Add((signal, sender));
        }
        Interlocked.Increment(ref *_word);
        HostPlatform.Waits.WakeAll(_word);
    }

    /// <summary>-22: a signal a module sends for the host, which sends none of its kind (SIGCHLD on Windows): taken as an
    /// outside signal if the program takes them, else its default action - nothing, or the program's end.</summary>
    public int PostFromModule(int signal) => _forwardTo != 0 ? 0 : PostFromProcess(signal, SignalSender.Unknown);

    /// <summary>A signal that comes other than by the host's own (a module's for the host, another program's through the
    /// host's mailbox): taken if the program takes signals, else its default action - nothing for those that do nothing
    /// by default, and for the stop and continue signals where they come so (a Windows process has no stopped state),
    /// the program's end for the others.</summary>
    public int PostFromProcess(int signal, SignalSender sender)
    {
        if (_disposed) return 0;   // a late word (the instance is ending): nobody takes it any more
        if (_forwardTo is var to and not 0) HostPlatform.Process.RelaySignal(to, signal, sender);
        else if (_listening) Post(signal, sender);
        else if (((SignalDefaults.Term | SignalDefaults.Core) >> (signal - 1) & 1) != 0) _threads.EndBySignal(signal);
        return 0;
    }

    /// <summary>
    /// -12: makes the instance take every signal it can (before the call returns, so that a signal sent just after
    /// the program set its action is the program's); with <paramref name="wait"/>, then the next outside signal,
    /// waiting for one, else 0. -1 if the caller is not a thread of this instance. A kill of the waiting thread ends
    /// the wait (the thread ends at once: 0 is never seen).
    /// </summary>
    public int Next(bool wait) => Next(wait, out _);

    /// <summary>-27: the next outside signal, waiting for it, and who sent it.</summary>
    public int Next(bool wait, out SignalSender sender)
    {
        sender = SignalSender.Unknown;
        var self = GuestThread.Current;
        if (self == null || self.Owner != _threads) return -1;
        if (!_listening)
        {
            _listening = true;
            OutsideSignals.Add(this, HostPlatform.Process.CatchableSignals);
        }
        if (!wait) return 0;
        Interlocked.Exchange(ref self.WaitingOnWord, (nint)_word);   // a full fence: a kill from now on nudges the word
        try
        {
            while (true)
            {
                int observed = Volatile.Read(ref *_word);
                if (TakeLowest(out int signal, out sender)) return signal;
                if (self.KillRequested && _threads.NoticeKill()) return 0;   // never seen: the thread ends
                HostPlatform.Waits.Wait(_word, observed);
            }
        }
        finally
        {
            Volatile.Write(ref self.WaitingOnWord, 0);
        }
    }

    /// <summary>Takes the lowest signal pending, the first of its number to come, as Linux delivers them.</summary>
    private bool TakeLowest(out int signal, out SignalSender sender)
    {
        lock (_pendingGate)
        {
            int first = -1;
            for (int i = 0; i < _pending.Count; i++)
                if (first < 0 || _pending[i].Signal < _pending[first].Signal) first = i;
            (signal, sender) = first >= 0 ? _pending[first] : (0, SignalSender.Unknown);
            if (first >= 0) _pending.RemoveAt(first);
            return first >= 0;
        }
    }

    /// <summary>-30: the program's image is now process <paramref name="pid"/>'s, which the host started in its place (an
    /// exec where the host cannot replace a process's program): signals other processes send go there, with their senders,
    /// and the host's own are dropped, as the old image's handlers are gone. False where the host relays none.</summary>
    public bool ForwardTo(int pid)
    {
        if (!HostPlatform.Process.RelaysSignals) return false;
        _forwardTo = pid;
        return true;
    }

    /// <summary>-26: the program ignores <paramref name="signal"/>, or no longer does: so does the host process, for the
    /// signals the program may take (the others are the host's, and unchanged).</summary>
    public int Ignore(int signal, bool ignored)
    {
        if (HostPlatform.Process.CatchableSignals.Contains(signal) && !HostPlatform.Process.SetIgnored(signal, ignored))
            OutsideSignals.TakeAgain(signal);
        return 0;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _endWatch?.Dispose();
        OutsideSignals.Remove(this);
        // A thread that could not be stopped (one spinning without syscalls) might still come to wait on it.
        if (_threads.Running == 0) NativeMemory.Free(_word);
    }
}
