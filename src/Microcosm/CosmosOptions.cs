namespace Microcosm;

/// <summary>How a <see cref="Cosmos"/> instance finds libraries and reports what it does.</summary>
public sealed class CosmosOptions
{
    /// <summary>Directories searched for dependencies before DT_RUNPATH (like LD_LIBRARY_PATH).</summary>
    public List<string> LibraryPath { get; } = [];

    /// <summary>Whether MICROCOSM_LIBRARY_PATH, then LD_LIBRARY_PATH, are appended to <see cref="LibraryPath"/> (default true).</summary>
    public bool UseEnvironmentLibraryPath { get; set; } = true;

    /// <summary>Directories searched last: the SDK's library directory by default.</summary>
    public List<string> SystemLibraryPath { get; } = [.. Sdk.DefaultLibraryDirectories()];

    /// <summary>
    /// The directory holding <c>microcosm-modules.so</c>. When set, the modules it depends on are loaded,
    /// relocated and initialized before the program (see docs/modules.md). When null (the default for
    /// embedders, who may want only their own syscalls) no modules are loaded; the CLI always sets it,
    /// from --modules, MICROCOSM_MODULES or <see cref="Sdk.InstalledModuleDirectory"/>.
    /// </summary>
    public string? ModuleDirectory { get; set; }

    /// <summary>
    /// Which host libraries (<c>libhost_NAME</c> dependencies) the program and its own dependencies may
    /// use. Default: all. A refused one fails the load with a <see cref="LoadException"/> naming
    /// the library, the object that needs it and the rule. See <see cref="HostLibraryPolicy"/>.
    /// </summary>
    public HostLibraryPolicy ProgramHostLibraries { get; } = new();

    /// <summary>
    /// As <see cref="ProgramHostLibraries"/>, for the modules (<c>microcosm-modules.so</c> and its
    /// dependencies). The standard modules need <c>libc.so.6</c>.
    /// </summary>
    public HostLibraryPolicy ModuleHostLibraries { get; } = new();

    /// <summary>When set, every syscall, thread start and end, kill and object load is written here, one line each, in the format of docs/tracing.md (also available as the "Microcosm" EventSource).</summary>
    public TextWriter? Trace { get; set; }

    /// <summary>Whether <see cref="Trace"/> shows the modules' start-up too (their loads, their start-up thread and its
    /// syscalls), which comes before the program's first line and is the same for every program; default false. The
    /// EventSource reports it either way.</summary>
    public bool TraceModuleStartup { get; set; }

    /// <summary>Which calls <see cref="Trace"/> shows, as strace's <c>-e trace=</c> (<see cref="Diagnostics.TraceSelection"/>: names,
    /// <c>%file</c>, a family such as <c>%path</c> or <c>%core</c>, <c>!</c> to leave out); null: every call but the thread structure's reads. The
    /// constructor of <see cref="Cosmos"/> throws <see cref="ArgumentException"/> for a list it cannot read.</summary>
    public string? TraceCalls { get; set; }

    /// <summary>The file <see cref="Trace"/> writes to, if it is one (the CLI's -o): a fork child appends its trace to it.</summary>
    internal string? TraceFile { get; set; }

    /// <summary>What each line of <see cref="Trace"/> starts with: a fork child's "[pid N] ", so that its lines are told from its
    /// parent's on the standard error they share, as strace -f tells them.</summary>
    internal string TracePrefix { get; set; } = "";

    /// <summary>Stack size of the program's main thread (default 8 MiB; other threads choose theirs at spawn).</summary>
    public long MainStackSize { get; set; } = Threads.ThreadManager.DefaultStackSize;

    /// <summary>
    /// When the main thread ends, how long the other threads get to notice they are killed (they end at
    /// their next syscall). A thread that spins without syscalls past this is left running; see
    /// <see cref="Cosmos.StrandedThreads"/>.
    /// </summary>
    public TimeSpan ThreadExitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The environment the program receives; null means the host process's.</summary>
    public IDictionary<string, string>? Environment { get; set; }

    /// <summary>
    /// The directory the program starts in: its relative paths resolve from here and its <c>getcwd</c> answers it,
    /// until it changes directory itself. Each instance has its own (docs/embedding.md, "The working directory"):
    /// a program's <c>chdir</c> never changes the host process's, nor another instance's. Null means the host
    /// process's working directory when the instance is made. It must name an existing directory (the
    /// constructor says which one does not). The program's own path, given to <c>Run</c>, is the host's to
    /// resolve, as a shell resolves it before the program starts.
    /// </summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>The program's <c>argv[0]</c>; null means the path it was loaded from (as a shell passes it).</summary>
    public string? ProgramName { get; set; }

    /// <summary>
    /// Descriptors the program starts with, by number: each handle (a file, a pipe end, a socket) is
    /// duplicated when the instance is created, so the caller keeps its own and may close it at once.
    /// The program owns its duplicates: closing or replacing one never touches the caller's. Unless
    /// <see cref="InheritStandardDescriptors"/> is false, 0, 1 and 2 not given here are duplicates of this
    /// process's standard input, output and error. The standard modules take them when they start
    /// (core syscall -11); without modules they are closed when the instance is disposed (docs/embedding.md).
    /// </summary>
    public Dictionary<int, System.Runtime.InteropServices.SafeHandle> Descriptors { get; } = [];

    /// <summary>
    /// Whether this process stands for the program, as the CLI's does (default false: an embedder's process is its
    /// own). When true, signals sent to the process from outside (another process's kill, the terminal's Ctrl-C,
    /// on Windows the console's control events) are the program's: SIGHUP, SIGINT, SIGQUIT and SIGTERM end the
    /// program as they end a native one that leaves them at their default (<see cref="Cosmos.TerminatingSignal"/>),
    /// and once the program sets an action for a signal or blocks one, every signal the host lets a guest take
    /// reaches its C library, which runs the program's handlers; a signal reaches every instance that takes it. And
    /// on a POSIX host the program's exec replaces the process (keeping its id); elsewhere, and when false, exec
    /// starts the new program as a child and ends this one with its status (docs/processes.md).
    /// </summary>
    public bool ProgramIsProcess { get; set; }

    /// <summary>
    /// The program's standard input as a .NET stream, read as the program reads (it sees the end when the stream
    /// ends); with <see cref="StandardOutput"/> and <see cref="StandardError"/>, the streams its output is copied to.
    /// <see cref="Cosmos.Run(string, IReadOnlyList{string}?)"/> returns once its output has reached them (up to
    /// <see cref="ThreadExitTimeout"/> after it ended; a process it started and left running may hold its output
    /// open longer, and the copy goes on). The streams stay the caller's. Each replaces a handle in
    /// <see cref="Descriptors"/> at its number: giving both is an error.
    /// </summary>
    public Stream? StandardInput { get; set; }

    /// <summary>The program's standard output, copied to this stream (see <see cref="StandardInput"/>).</summary>
    public Stream? StandardOutput { get; set; }

    /// <summary>The program's standard error, copied to this stream (see <see cref="StandardInput"/>).</summary>
    public Stream? StandardError { get; set; }

    /// <summary>Whether 0, 1 and 2 not in <see cref="Descriptors"/> are duplicates of this process's own (default true).</summary>
    public bool InheritStandardDescriptors { get; set; } = true;

    /// <summary>
    /// The CLI's way for the descriptors it inherited above 2: these numbers of <see cref="Descriptors"/> are
    /// given to the program as they are, not duplicated (the process exists for the program: a pipe's reader
    /// sees the end when the program closes its end). They are made close-on-exec and belong to the instance.
    /// </summary>
    internal HashSet<int> MovedDescriptors { get; } = [];
}

/// <summary>Where the installed SDK lives: MICROCOSM_SDK, or <c>sdk/</c> beside the directory of the core's assembly.</summary>
public static class Sdk
{
    public static string? Directory
    {
        get
        {
            string? env = System.Environment.GetEnvironmentVariable("MICROCOSM_SDK");
            if (!string.IsNullOrEmpty(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "sdk");
                if (File.Exists(Path.Combine(candidate, "include", "microcosm.h"))) return candidate;
            }
            return null;
        }
    }

    /// <summary>The standard modules installed with the SDK: MICROCOSM_MODULES, else <c>modules/</c> beside the SDK.</summary>
    public static string? InstalledModuleDirectory
    {
        get
        {
            string? env = System.Environment.GetEnvironmentVariable("MICROCOSM_MODULES");
            if (!string.IsNullOrEmpty(env)) return env;
            return Directory is { } sdk ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sdk).TrimEnd('/'))!, "modules") : null;
        }
    }

    /// <summary>The SDK's library directories: its own (libmicrocosm.so) and its C library's (libc.so, libm.so).</summary>
    public static IEnumerable<string> DefaultLibraryDirectories() =>
        Directory is { } sdk ? [Path.Combine(sdk, "lib"), Path.Combine(sdk, "libc", "lib")] : [];
}
