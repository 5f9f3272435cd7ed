using Microcosm.Loading;
using Microcosm.Threads;

namespace Microcosm;

// Running a program: its start on the main thread, the process end (the other threads, the finalizers), and how the
// main thread's end becomes Run's answer - or, with a cancellation, OperationCanceledException.
public sealed unsafe partial class Cosmos
{
    /// <summary>
    /// Runs a program: loads it, starts its main thread (tid 1, a new host thread with
    /// <see cref="CosmosOptions.MainStackSize"/> of stack) which runs the initializers (dependencies
    /// first) and calls the entry with <c>struct mc_start</c>. When the main thread ends (the entry
    /// returns, or it is killed) the other threads are killed, the finalizers run — the program's, unless a
    /// signal ended it (<see cref="TerminatingSignal"/>), then the modules', which release what the program
    /// held as a process's exit does: its mappings, heap included — and its exit value is returned. The
    /// program's objects stay mapped until the instance is disposed. An instance runs one program.
    /// </summary>
    /// <exception cref="GuestFaultException">A thread of the program (or a module's initializer) faulted: the
    /// program ended there, like a process killed by the signal, without running its own finalizers.</exception>
    /// <exception cref="MainThreadLostException">The main thread ended in a raw exit system call and the host cannot
    /// tell its status (where it can, that status is returned).</exception>
    public int Run(string path, IReadOnlyList<string>? args = null) => Run(path, args, CancellationToken.None);

    /// <summary>
    /// As <see cref="Run(string, IReadOnlyList{string}?)"/>, and when <paramref name="cancellation"/> is cancelled the
    /// program ends as SIGKILL ends a process - its threads end, blocked or computing (a thread that computes without
    /// system calls is stopped in the program's own code: docs/threads.md), its finalizers
    /// do not run, the modules release its resources - and then <see cref="OperationCanceledException"/> is thrown.
    /// A time limit is a token that cancels itself: <c>new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token</c>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; <see cref="TerminatingSignal"/> is 9.</exception>
    public int Run(string path, IReadOnlyList<string>? args, CancellationToken cancellation)
    {
        int status = RunProgram(path, args, cancellation);
        if (cancellation.IsCancellationRequested && TerminatingSignal == SigKill)
            throw new OperationCanceledException($"{path} was cancelled (ended as by SIGKILL, status {status})", cancellation);
        return status;
    }

    /// <summary>
    /// <see cref="Run(string, IReadOnlyList{string}?, CancellationToken)"/> on a thread of its own (the program's threads are
    /// host threads of their own anyway): the task ends with the program's status, or is cancelled.
    /// </summary>
    public Task<int> RunAsync(string path, IReadOnlyList<string>? args = null, CancellationToken cancellation = default) =>
        Task.Factory.StartNew(() => Run(path, args, cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private const int SigKill = 9;

    private int RunProgram(string path, IReadOnlyList<string>? args, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("this instance has already run a program; create a new Cosmos for another run");
        _ran = true;
        StartModules();
        var program = Load(path);
        var root = program.Root;
        // The linker has checked that a nonzero entry lies in the code.
        if (root.File.Entry == 0) throw new LoadException(path, "has no entry point (is it a shared library?)");
        var argv = new List<string> { _options.ProgramName ?? path };
        if (args != null) argv.AddRange(args);
        var env = (_options.Environment ?? HostEnvironment()).Select(p => $"{p.Key}={p.Value}");
        using var start = new StartBlock(root, argv, env);
        (_program, _programPath) = (program, Path.GetFullPath(path));
        _start = new StartPages(start.Address, start.Length, start.Argc, start.Argv, start.Envp);
        // dlopen's objects initialize on the calling thread, with the program's arguments, as ld.so has it.
        AddProgramCode(program.Scope);
        _runtimeLinker.Attach(program, order =>
        {
            AddProgramCode(order);
            Initializers.Run(null, order, _programObjects, start.Argc, start.Argv, start.Envp);
        });
        var main = _threads.StartOrThrow(ThreadManager.MainTid, _options.MainStackSize, t => RunMain(t, () =>
        {
            // A signal that ended the program while it loaded (another program's kill just after it was started) found
            // no main thread to kill: the program ends by it before its first instruction, as a native one would.
            if (_threads.ExitSignal is var early and not 0) return 128 + early;
            Initializers.Run(root, Initializers.Order(root), _programObjects, start.Argc, start.Argv, start.Envp);
            return (int)Guest.Call(root.Address(root.File.Entry), start.Address); // entry returns int
        }), "main");
        // Registered once the main thread exists, which a cancellation kills (at once, if it came earlier).
        using var cancelled = cancellation.Register(() => _threads.EndBySignal(SigKill));
        try
        {
            return Finish(main);
        }
        finally
        {
            _start = null;
        }
    }

    /// <summary>Marks what the program loaded (not the modules, nor what they share with it: libmicrocosm.so) as the
    /// program's own code, where a thread of an ending program may be stopped (<see cref="Faults.ProgramCode"/>).</summary>
    private void AddProgramCode(IEnumerable<LoadedObject> objects)
    {
        var modules = _modules?.Scope ?? [];
        foreach (var o in objects.OfType<GuestObject>())
            if (!modules.Contains(o)) Faults.ProgramCode.Add(o);
    }

    /// <summary>Waits for the main thread's end and turns it into <see cref="Run(string, IReadOnlyList{string}?)"/>'s answer.</summary>
    private int Finish(GuestThread main)
    {
        var end = _threads.WaitForMain(main, _options.ThreadExitTimeout);
        int? lostWith = end == ThreadManager.MainEnd.Lost ? EndLostMain(main) : null;
        // What the program wrote to an output stream (CosmosOptions.StandardOutput) has reached it: the modules closed
        // its descriptors at its end, unless a thread still runs.
        if (StrandedThreads == 0) _streams.WaitForOutput(_options.ThreadExitTimeout);
        if (_threads.Fault is { } fault)
        {
            if (end == ThreadManager.MainEnd.Running) StrandedThreads = _threads.Running; // a main thread that never makes a syscall again
            TerminatingSignal = fault.Signal;
            throw new GuestFaultException(fault);
        }
        if (end == ThreadManager.MainEnd.Lost && lostWith == null) throw new MainThreadLostException();
        int status = (int)main.ExitValue;
        TerminatingSignal = SignalEnding(status);
        if (_startFailure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_startFailure);
        if (!Syscalls.HandlerExceptions.IsEmpty)
            throw new SyscallHandlerException(status, [.. Syscalls.HandlerExceptions]);
        return status;
    }

    /// <summary>
    /// The main thread's host thread ended in a raw exit system call, so nothing of <see cref="RunMain"/> runs
    /// again: the process end happens here, as Linux ends a process whose last thread exits. The other threads
    /// are killed and no finalizers run (the exit system call runs no atexit handlers or destructors either).
    /// Returns the status the thread exited with, if the host can tell.
    /// </summary>
    private int? EndLostMain(GuestThread main)
    {
        int? status = main.ExitWatch?.ExitStatus();
        main.ExitWatch?.Dispose();
        main.ExitWatch = null;
        StrandedThreads = _threads.EndOthers(main, _options.ThreadExitTimeout, anywhere: true);
        _programObjects.Clear();   // the modules' finalizers still run, at Dispose: they release the instance's resources
        _threads.EndLost(main, status ?? MainThreadLostException.UnknownStatus);
        return status;
    }

    /// <summary>The main thread's life: the program's start (initializers and entry, or a fork child's resumption),
    /// then process end on this same thread.</summary>
    private nint RunMain(GuestThread main, Func<nint> body)
    {
        nint status;
        try
        {
            status = body();
        }
        catch (ThreadTermination termination)
        {
            status = termination.Value;
        }
        catch (LoadException failure)
        {
            // Found while running initializers (e.g. an initializer array pointing outside the code):
            // the program does not start; Run throws it once the process has ended cleanly.
            _startFailure = failure;
            status = 126;
        }
        if (_threads.Survive(main) is { } killedWith) status = killedWith;
        // As on Linux, a program killed by a signal (a fault, or -10) runs no finalizers of its own: no
        // destructor, no flush of its streams; after a fault its state may be anything. Nor does one that ended by
        // _exit (-21), which a fork child often does so as not to run its parent's.
        bool finalizers = _threads.Fault == null && SignalEnding(status) == null && !_skipProgramFinalizers;
        // Threads that compute without system calls are stopped where they are only once nothing of the program is
        // to run again (whatever they held stays held): before its finalizers they get the time they have always had.
        StrandedThreads = _threads.EndOthers(main, _options.ThreadExitTimeout, anywhere: !finalizers);
        if (!finalizers) _programObjects.Clear();
        else RunFinalizers(_programObjects, main);
        if (StrandedThreads > 0) StrandedThreads = _threads.EndOthers(main, _options.ThreadExitTimeout, anywhere: true);
        // The modules release the instance's resources whatever the program did, but not under a thread
        // that is still running (it may be using them): then Dispose does, if the thread has ended by then.
        if (StrandedThreads == 0) RunFinalizers(_moduleObjects, main);
        return status;
    }

    /// <summary>The signal of -10 if the program's status is the one it set (the main thread may have
    /// ended by itself before that kill reached it).</summary>
    private int? SignalEnding(nint status) =>
        _threads.ExitSignal is var signal and not 0 && status == 128 + signal ? signal : null;

    /// <summary>Runs finalizers on the main thread after its end; the status is already decided.</summary>
    private void RunFinalizers(List<GuestObject> objects, GuestThread main)
    {
        _threads.Survive(main); // an earlier finalizer may have ended the thread (exit() in a destructor)
        try
        {
            Initializers.Finalize(objects);
        }
        catch (ThreadTermination)
        {
            // A finalizer ended the main thread (or faulted): the rest of this list is skipped.
        }
        catch (LoadException failure)
        {
            // A finalizer array the program changed while it ran (load checked it): the rest are skipped,
            // and Run reports it naming the object, as it would have at load.
            _startFailure ??= failure;
        }
    }

    private static Dictionary<string, string> HostEnvironment() => Host.HostPlatform.Process.Environment();
}
