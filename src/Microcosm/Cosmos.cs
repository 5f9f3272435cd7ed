using Microcosm.Loading;
using Microcosm.Syscalls;
using Microcosm.Threads;

namespace Microcosm;

/// <summary>
/// One Microcosm instance: its own syscall table, loaded objects and address-space reservations.
/// Several instances can live in one process side by side.
/// <code>
/// using var cosmos = new Cosmos(options);
/// cosmos.Syscalls.Register(100, (in SyscallArgs a) => a.A * 2);
/// int status = cosmos.Run("hello", ["world"]);
/// </code>
/// Microcosm runs native code in this process: it is not a security sandbox.
/// </summary>
public sealed unsafe partial class Cosmos : IDisposable
{
    private readonly CosmosOptions _options;
    private readonly Linker _linker;
    private readonly RuntimeLinker _runtimeLinker;
    private readonly ThreadManager _threads;
    // Two lists, because they end differently: the program's objects are the program's (after a fault
    // none of their finalizers runs, as Linux runs no atexit handler after a fatal signal), the modules
    // are the "kernel", whose finalizers release what the instance holds for the guest (its mappings,
    // its host descriptors) however the program ended.
    private readonly List<GuestObject> _moduleObjects = [];
    private readonly List<GuestObject> _programObjects = [];
    private readonly Diagnostics.Tracer _tracer;
    private readonly ProgramDescriptors _descriptors;
    private readonly StandardStreams _streams;
    private readonly SignalInbox? _signals;
    private LinkedProgram? _modules;
    private LoadException? _startFailure; // met while guest code ran (module start-up, a damaged initializer or finalizer table): rethrown once threads have ended
    private bool _ran, _disposed;
    private readonly string _workingDirectory;   // where the program starts (-24); its path module keeps the current one
    private volatile bool _skipProgramFinalizers; // -21: the program ended by _exit, which runs none of its finalizers

    public Cosmos(CosmosOptions? options = null)
    {
        _options = options ?? new CosmosOptions();
        Faults.FaultHandler.EnsureInstalled(); // after the .NET runtime's own handlers, which it passes other faults on to
        ThreadInterrupts.EnsureInstalled();
        _workingDirectory = WorkingDirectoryOf(_options.WorkingDirectory);
        _options.ProgramHostLibraries.Validate("program");
        _options.ModuleHostLibraries.Validate("module");
        // First: a handle the caller gave that cannot be duplicated fails the constructor here.
        _streams = new StandardStreams(_options.Descriptors, _options.StandardInput, _options.StandardOutput, _options.StandardError);
        try
        {
            _descriptors = new ProgramDescriptors(_streams.Descriptors, _options.MovedDescriptors, _options.InheritStandardDescriptors);
        }
        catch
        {
            _streams.Dispose();
            throw;
        }
        _streams.Start();
        _tracer = new Diagnostics.Tracer(_options.Trace, _options.TracePrefix, TraceSelectionOf(_options.TraceCalls));
        Syscalls = new SyscallTable(guestCodeRunning: ThreadsRunning);
        // A thread whose C# start fails unexpectedly exits with -EIO, as a C# handler's exception makes its call return.
        _threads = new ThreadManager(Syscalls.SlowPathWord, _tracer, internalErrorValue: -Errno.EIO);
        Syscalls.SlowPath = new SlowPath(Syscalls, _threads, _tracer);
        var exports = new Dictionary<string, nint>
        {
            ["mc_syscall"] = Syscalls.Dispatcher,
            ["mc_syscall6"] = Syscalls.Dispatcher,
            [CheckedCopy.Entry] = CheckedCopy.Address, // process-wide, like the fault handler it relies on
            [ThreadLocalStorage.GetAddressEntry] = _threads.Structures.Tls.GetAddress,
        };
        var libraryPath = _options.UseEnvironmentLibraryPath
            ? LibrarySearch.FromOptions(_options.LibraryPath, Environment.GetEnvironmentVariable("MICROCOSM_LIBRARY_PATH"), Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"))
            : LibrarySearch.FromOptions(_options.LibraryPath);
        _linker = new Linker(new LibrarySearch(libraryPath, _options.SystemLibraryPath),
            new BuiltinObject(BuiltinObject.SyscallLibrary, exports), _threads.Structures);
        _runtimeLinker = new RuntimeLinker(_linker, _options.ProgramHostLibraries, GuestWorkingDirectory);
        _signals = _options.ProgramIsProcess ? new SignalInbox(_threads) : null;
        CoreSyscalls.Register(Syscalls, _threads, _runtimeLinker, _descriptors, _signals, _options.ProgramIsProcess, _workingDirectory,
            forkImage: WriteForkImage,
            skipFinalizers: (in SyscallArgs x) =>
            {
                _skipProgramFinalizers = true;
                return 0;
            });
    }

    /// <summary>The directory the program starts in, as a full host path: the option's, else the host process's now.</summary>
    private static string WorkingDirectoryOf(string? option)
    {
        string path = Path.GetFullPath(option ?? Environment.CurrentDirectory);
        return Directory.Exists(path) ? path
            : throw new ArgumentException($"WorkingDirectory: {option}: {(File.Exists(path) ? "not a directory" : "no such directory")}", nameof(CosmosOptions.WorkingDirectory));
    }

    /// <summary>The program's working directory now, as its path module answers getcwd (a chdir changes it); null when
    /// no module answers.</summary>
    private unsafe string? GuestWorkingDirectory()
    {
        const int Size = 4096;
        byte* buffer = stackalloc byte[Size];
        nint length = Syscalls.CallRegistered(LinuxSyscall.Getcwd, (nint)buffer, Size, 0, 0, 0, 0);
        return length > 1 ? System.Text.Encoding.UTF8.GetString(buffer, (int)length - 1) : null;
    }

    private static Diagnostics.TraceSelection TraceSelectionOf(string? spec)
    {
        try
        {
            return spec == null ? Diagnostics.TraceSelection.Default : Diagnostics.TraceSelection.Parse(spec, SyscallNames.Families);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"TraceCalls: {ex.Message}", nameof(CosmosOptions.TraceCalls), ex);
        }
    }

    /// <summary>Whether guest threads may still run code or touch memory of this instance (spinning ones that could not be stopped).</summary>
    private bool ThreadsRunning() => _threads.Running > 0;

    /// <summary>
    /// Optional: starts the process-wide preparation every first instance needs (the tables of the
    /// assembler that emits the dispatch stubs) on a background thread, so that it overlaps the caller's
    /// own start-up (argument parsing, reading configuration). The first <c>new Cosmos</c> waits for it
    /// if it has not finished. Cheap to call more than once.
    /// </summary>
    public static void WarmUp() => Native.ExecutableCode.WarmUp();

    /// <summary>This instance's syscall table.</summary>
    public SyscallTable Syscalls { get; }

    /// <summary>Microcosm threads that have not ended (the main thread included while it runs).</summary>
    public int ThreadCount => _threads.Running;

    /// <summary>Thread structures currently allocated (a thread's is freed when it is joined).</summary>
    public int ThreadStructureCount => _threads.Structures.Live;

    /// <summary>Threads still running when the last program ended: guests spinning without syscalls, which
    /// cannot be stopped. While there are any, disposing the instance leaves its memory mapped.</summary>
    public int StrandedThreads { get; private set; }

    /// <summary>
    /// The signal that ended the program, when it ended as a native one killed by a signal would: a guest
    /// fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE), or core syscall -10, which the C library makes for a signal's
    /// default action, <c>abort()</c> and a write to a broken pipe (SIGPIPE); null if it exited, or has not
    /// ended. <see cref="Run(string, IReadOnlyList{string}?)"/> still returns 128 + the signal (a fault's <see cref="GuestFaultException"/>
    /// carries it), as a shell reports such a process; an embedder that stands for the program as a process,
    /// as the CLI does, can end itself by the signal so that its parent sees what a native program's would.
    /// </summary>
    public int? TerminatingSignal { get; private set; }

    /// <summary>Every object loaded so far, in load order.</summary>
    public IReadOnlyList<LoadedObject> Objects => _linker.Objects;

    /// <summary>Loads, maps and relocates a program and its dependencies without running anything.</summary>
    /// <exception cref="LoadException">The program or a dependency cannot be loaded; the message says which and why.</exception>
    public LinkedProgram Load(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int before = _linker.Objects.Count;
        var program = _linker.Load(path, hostLibraries: _options.ProgramHostLibraries);
        ReportLoads(before, "program");
        return program;
    }

    /// <summary>Reports the objects a load added (an object shared with an earlier load was reported then).</summary>
    private void ReportLoads(int firstNew, string scope)
    {
        if (!_tracer.LoadsWanted) return;
        long tid = GuestThread.Current?.Tid ?? 0;
        foreach (var obj in _linker.Objects.Skip(firstNew))
        {
            string kind = obj.Kind switch { ObjectKind.Guest => "guest", ObjectKind.Host => "host", _ => "builtin" };
            _tracer.ObjectLoad(tid, scope, kind, obj is GuestObject g ? (ulong)g.Base : 0, obj.Name, obj.Path);
        }
    }

    /// <summary>The name of the file the core loads first from the module directory.</summary>
    public const string ModuleRoot = "microcosm-modules.so";

    /// <summary>The module root and its dependencies (the modules), once started; null without modules.</summary>
    public LinkedProgram? Modules => _modules;

    /// <summary>
    /// Loads <c>microcosm-modules.so</c> from <see cref="CosmosOptions.ModuleDirectory"/> with its
    /// dependencies (the modules) in a scope of their own, relocates them and runs their initializers
    /// (dependencies first) on a start-up thread, so that they register their syscalls and expand the
    /// thread structure before any program loads. <see cref="Run(string, IReadOnlyList{string}?)"/> does this first; calling it earlier
    /// lets an embedder see or change the table the modules made. Idempotent.
    /// </summary>
    /// <exception cref="LoadException">A module cannot be loaded; the message names it and what it needed.</exception>
    public void StartModules()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_modules != null || _options.ModuleDirectory is not { } directory) return;
        string root = Path.Combine(directory, ModuleRoot);
        if (!File.Exists(root))
            throw new LoadException(root, $"no {ModuleRoot} in the module directory {directory} (set --modules DIR or MICROCOSM_MODULES)", notFound: true);
        int before = _linker.Objects.Count;
        _tracer.TextPaused = !_options.TraceModuleStartup;   // the same for every program: shown when asked for
        try
        {
            LoadAndStartModules(root, before);
        }
        finally
        {
            _tracer.TextPaused = false;
        }
        if (_threads.Fault is { } fault) throw new GuestFaultException(fault);
        if (_startFailure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_startFailure);
    }

    /// <summary>The modules' load and their initializers, on a start-up thread of their own (see <see cref="StartModules"/>).</summary>
    private void LoadAndStartModules(string root, int before)
    {
        _modules = _linker.Load(root, hostLibraries: _options.ModuleHostLibraries, policyScope: "module");
        ReportLoads(before, "modules");
        var order = Initializers.Order(_modules.Root);
        var startup = _threads.StartOrThrow(_threads.NextTid(), ThreadManager.DefaultStackSize, t =>
        {
            try
            {
                Initializers.Run(null, order, _moduleObjects, 0, 0, 0);
            }
            catch (LoadException failure)
            {
                _startFailure = failure;
            }
            return 0;
        }, "module start-up");
        _threads.WaitFor(startup);
        _threads.Forget(startup);
    }

    /// <summary>The syscall table as it stands: each number, its name, and who provides it (an object, the core, or C#).</summary>
    public IReadOnlyList<(long Number, string Name, string Owner)> DescribeSyscalls() =>
        [.. Syscalls.Entries().Select(e => (e.Number, SyscallNames.Describe(e.Number).Name, OwnerOf(e.Handler)))];

    private string OwnerOf(nint handler)
    {
        if (Syscalls.DescribeManaged(handler) is { } managed) return managed;
        foreach (var obj in _linker.Objects)
            if (obj is GuestObject g && g.Contains((ulong)handler, 1)) return g.Name;
        return $"0x{handler:x}";
    }

    /// <summary>
    /// Shows what the loader sees: loads the program and its dependencies without relocating or running
    /// anything, and reports each object, how its dependencies resolved and which symbols do not.
    /// </summary>
    public IReadOnlyList<ObjectReport> Inspect(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var program = _linker.Load(path, relocate: false, hostLibraries: _options.ProgramHostLibraries);
        return Inspection.Report(program);
    }

    /// <summary>Runs any finalizers still due (the program's, then the modules', which release what the
    /// guest left mapped or open), unmaps every object and frees the syscall table.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _signals?.Dispose();   // first: the host handles its signals again
        try
        {
            if (_threads.Running == 0)
            {
                try
                {
                    Initializers.Finalize(_programObjects);
                }
                finally
                {
                    Initializers.Finalize(_moduleObjects);
                }
            }
        }
        finally
        {
            // Guest threads that could not be stopped may still run code and touch data in these
            // objects: then everything stays mapped (a leak, never a crash).
            if (_threads.Running == 0)
            {
                _linker.Dispose();
                _runtimeLinker.Dispose();
            }
            Syscalls.Dispose();
            _threads.Dispose();
            _descriptors.Dispose();
            _streams.Dispose();
        }
    }
}

/// <summary>C# syscall handlers threw while the program ran (each call returned -EIO to the guest).</summary>
public sealed class SyscallHandlerException(int exitStatus, IReadOnlyList<Exception> exceptions)
    : AggregateException($"{exceptions.Count} exception(s) escaped C# syscall handlers; the program exited with {exitStatus}", exceptions)
{
    public int ExitStatus { get; } = exitStatus;
}
