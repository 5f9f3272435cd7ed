using Microcosm.Loading;
using Microcosm.Syscalls;

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
public sealed unsafe class Cosmos : IDisposable
{
    private readonly CosmosOptions _options;
    private readonly Linker _linker;
    private readonly List<GuestObject> _initialized = [];
    private bool _ran, _disposed;

    public Cosmos(CosmosOptions? options = null)
    {
        _options = options ?? new CosmosOptions();
        Syscalls = new SyscallTable(_options.Trace);
        var exports = new Dictionary<string, nint>
        {
            ["mc_syscall"] = Syscalls.Dispatcher,
            ["mc_syscall6"] = Syscalls.Dispatcher,
        };
        var libraryPath = LibrarySearch.FromOptions(_options.LibraryPath,
            _options.UseEnvironmentLibraryPath ? Environment.GetEnvironmentVariable("MICROCOSM_LIBRARY_PATH") : null);
        _linker = new Linker(new LibrarySearch(libraryPath, _options.SystemLibraryPath),
            new BuiltinObject(BuiltinObject.SyscallLibrary, exports));
    }

    /// <summary>This instance's syscall table.</summary>
    public SyscallTable Syscalls { get; }

    /// <summary>Every object loaded so far, in load order.</summary>
    public IReadOnlyList<LoadedObject> Objects => _linker.Objects;

    /// <summary>Loads, maps and relocates a program and its dependencies without running anything.</summary>
    /// <exception cref="LoadException">The program or a dependency cannot be loaded; the message says which and why.</exception>
    public LinkedProgram Load(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _linker.Load(path);
    }

    /// <summary>
    /// Shows what the loader sees: loads the program and its dependencies without relocating or running
    /// anything, and reports each object, how its dependencies resolved and which symbols do not.
    /// </summary>
    public IReadOnlyList<ObjectReport> Inspect(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var program = _linker.Load(path, relocate: false);
        try
        {
            return Inspection.Report(program);
        }
        catch (Elf.ElfFormatException ex)
        {
            throw new LoadException(path, ex.Message);
        }
    }

    /// <summary>
    /// Runs a program: loads it, runs the initializers (dependencies first), calls its entry with
    /// <c>struct mc_start</c>, runs the finalizers, and returns the entry's value as the exit status.
    /// An instance runs one program.
    /// </summary>
    public int Run(string path, IReadOnlyList<string>? args = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("this instance has already run a program; create a new Cosmos for another run");
        _ran = true;
        var program = Load(path);
        var root = program.Root;
        if (root.File.Entry == 0) throw new LoadException(path, "has no entry point (is it a shared library?)");
        if (!IsExecutableAddress(root, root.File.Entry))
            throw new LoadException(path, $"entry point 0x{root.File.Entry:x} is not in an executable segment");
        var argv = new List<string> { path };
        if (args != null) argv.AddRange(args);
        var env = (_options.Environment ?? HostEnvironment()).Select(p => $"{p.Key}={p.Value}");
        using var start = new StartBlock(root, argv, env);
        int status;
        try
        {
            Initializers.Run(root, Initializers.Order(root), _initialized, start.Argc, start.Argv, start.Envp);
            status = ((delegate* unmanaged<nint, int>)root.Address(root.File.Entry))(start.Address);
        }
        finally
        {
            Initializers.Finalize(_initialized);
        }
        if (!Syscalls.HandlerExceptions.IsEmpty)
            throw new SyscallHandlerException(status, [.. Syscalls.HandlerExceptions]);
        return status;
    }

    private static bool IsExecutableAddress(GuestObject obj, ulong address) =>
        obj.File.LoadSegments.Any(s => (s.Flags & Elf.ElfConstants.PF_X) != 0 && address >= s.VAddr && address < s.VAddr + s.MemSize);

    private static Dictionary<string, string> HostEnvironment()
    {
        var result = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            result[(string)e.Key] = (string?)e.Value ?? "";
        return result;
    }

    /// <summary>Runs any finalizers still due, unmaps every object and frees the syscall table.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Initializers.Finalize(_initialized);
        }
        finally
        {
            _linker.Dispose();
            Syscalls.Dispose();
        }
    }
}

/// <summary>C# syscall handlers threw while the program ran (each call returned -EIO to the guest).</summary>
public sealed class SyscallHandlerException(int exitStatus, IReadOnlyList<Exception> exceptions)
    : AggregateException($"{exceptions.Count} exception(s) escaped C# syscall handlers; the program exited with {exitStatus}", exceptions)
{
    public int ExitStatus { get; } = exitStatus;
}
