using System.CommandLine;
using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary>
/// <c>microcosm run [--modules DIR] [--library-path DIR] [--trace] [--argv0 NAME] [--[module-]allow-host-lib PATTERN]
/// [--[module-]deny-host-lib PATTERN] PROGRAM [ARGS...]</c>
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string?> Modules = new("--modules")
    {
        Description = "Directory holding microcosm-modules.so (default: MICROCOSM_MODULES, then the installed modules)",
    };
    private static readonly Option<string[]> LibraryPath = new("--library-path", "-L")
    {
        Description = "Directory searched for dependencies before DT_RUNPATH (repeatable; MICROCOSM_LIBRARY_PATH, then LD_LIBRARY_PATH follow)",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<bool> Trace = new("--trace") { Description = "Print every syscall (arguments and result), thread start and end, kill and object load on stderr (format: docs/tracing.md)" };
    private static readonly Option<string?> TraceCalls = new("--trace-calls", "-e")
    {
        Description = "Trace only these calls (implies --trace), comma-separated: names as the trace writes them, %file (calls that take a path), "
            + "a family (%fd, %path, %memory, %time, %process, %spawn, %futex, %socket, %core), ! before one to leave it out; default: all but mc_thread_self", HelpName = "LIST",
    };
    private static readonly Option<string?> TraceOutput = new("--trace-output", "-o")
    {
        Description = "Write the trace to FILE instead of stderr (implies --trace); a fork child writes its own to FILE.PID", HelpName = "FILE",
    };
    private static readonly Option<bool> TraceModules = new("--trace-modules") { Description = "With --trace, the standard modules' start-up too (the same for every program: left out by default)" };
    private static readonly Option<string[]> AllowHostLib = PolicyOption("--allow-host-lib",
        "Let the program use host library PATTERN (libhost_PATTERN; glob: * ?); once given, other host libraries are refused (repeatable)");
    private static readonly Option<string[]> DenyHostLib = PolicyOption("--deny-host-lib",
        "Refuse host library PATTERN to the program; deny beats allow (repeatable)");
    private static readonly Option<string[]> ModuleAllowHostLib = PolicyOption("--module-allow-host-lib",
        "As --allow-host-lib, for the modules (the standard ones need libc.so.6)");
    private static readonly Option<string[]> ModuleDenyHostLib = PolicyOption("--module-deny-host-lib",
        "As --deny-host-lib, for the modules");
    private static readonly Option<string?> ArgumentZero = new("--argv0")
    {
        Description = "The program's argv[0] (default: PROGRAM as given)", HelpName = "NAME",
    };
    private static readonly Option<uint?> SignalExitBase = new("--signal-exit-base")
    {
        Description = "Where a signal ends the program with an exit code (Windows), exit with N + the signal instead of 128 + the signal: "
            + "how a Microcosm parent tells a signal's end from an exit status", HelpName = "N",
    };
    private static readonly Option<string?> WorkingDirectory = new("--working-directory", "-C")
    {
        Description = "Start the program in DIR: its relative paths and getcwd start there (PROGRAM is still found from here)", HelpName = "DIR",
    };
    private static readonly Argument<string> Program = new("program") { Description = "The ELF executable to run" };
    private static readonly string[] OptionsWithValue =
        ["--modules", "--library-path", "-L", "--trace-calls", "-e", "--trace-output", "-o", "--argv0", "--signal-exit-base", "--working-directory", "-C", "--allow-host-lib", "--deny-host-lib", "--module-allow-host-lib", "--module-deny-host-lib"];

    private static Option<string[]> PolicyOption(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false, HelpName = "PATTERN" };

    /// <summary>Everything after the program's path: its arguments, which may look like options.</summary>
    public static string[] GuestArguments { get; set; } = [];

    public static Command Create()
    {
        var command = new Command("run", "Load a program with its dependencies and run it; its exit status is microcosm's")
        {
            Modules, LibraryPath, Trace, TraceCalls, TraceOutput, TraceModules, ArgumentZero, WorkingDirectory, SignalExitBase, AllowHostLib, DenyHostLib, ModuleAllowHostLib, ModuleDenyHostLib, Program,
        };
        command.Arguments.Add(new Argument<string[]>("args") { Description = "Arguments passed to the program", Arity = ArgumentArity.ZeroOrMore });
        command.SetAction(result =>
        {
            string? calls = result.GetValue(TraceCalls), output = result.GetValue(TraceOutput);
            if (calls != null && TraceSelectionError(calls) is { } error) return Errors.Fail($"run: -e{(calls.Length == 0 ? ": " : " ")}{error}", 2);
            string? directory = result.GetValue(WorkingDirectory);
            if (directory != null && !Directory.Exists(directory))
                return Errors.Fail($"run: -C {directory}: {(File.Exists(directory) ? "not a directory" : "no such directory")}", 2);
            var options = new CosmosOptions { ModuleDirectory = ModuleDirectory(result.GetValue(Modules)), TraceCalls = calls,
                ProgramName = result.GetValue(ArgumentZero), ProgramIsProcess = true, TraceModuleStartup = result.GetValue(TraceModules),
                WorkingDirectory = directory };
            options.LibraryPath.AddRange(result.GetValue(LibraryPath) ?? []);
            options.ProgramHostLibraries.Allow.AddRange(result.GetValue(AllowHostLib) ?? []);
            options.ProgramHostLibraries.Deny.AddRange(result.GetValue(DenyHostLib) ?? []);
            options.ModuleHostLibraries.Allow.AddRange(result.GetValue(ModuleAllowHostLib) ?? []);
            options.ModuleHostLibraries.Deny.AddRange(result.GetValue(ModuleDenyHostLib) ?? []);
            if (!(result.GetValue(Trace) || calls != null || output != null))
                return Execute(result.GetValue(Program)!, options, result.GetValue(SignalExitBase));
            string? reason = null;
            using var file = output == null ? null : OpenTrace(output, out reason);
            if (output != null && file == null) return Errors.Fail($"run: -o {output}: {reason}", 2);
            options.Trace = file ?? Console.Error;
            options.TraceFile = output == null ? null : Path.GetFullPath(output);
            return Execute(result.GetValue(Program)!, options, result.GetValue(SignalExitBase));
        });
        return command;
    }

    private static string? TraceSelectionError(string spec)
    {
        try
        {
            Diagnostics.TraceSelection.Parse(spec, Syscalls.SyscallNames.Families);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>A trace file, made or emptied: each line is written whole as it happens (the tracer flushes).</summary>
    public static StreamWriter? OpenTrace(string path, out string? reason)
    {
        reason = null;
        try
        {
            return new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            reason = ex.Message;
            return null;
        }
    }

    private static readonly string[] Flags = [Trace.Name, TraceModules.Name, "-h", "--help", "-?"];

    /// <summary>
    /// Splits <c>run</c>'s own options (up to the program path) from the program's arguments. <c>Unknown</c> is the first
    /// token before the program that looks like an option but is none of run's, or null: System.CommandLine would take it
    /// for the program's path, and the user would read "--bogus: No such file".
    /// </summary>
    public static (string[] Parsed, string[] Passthrough, string? Unknown) SplitArguments(string[] args)
    {
        if (args.Length == 0 || args[0] != "run") return (args, [], null);
        for (int i = 1; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--") return i + 1 < args.Length ? (args[..(i + 2)], args[(i + 2)..], null) : (args, [], null);
            if (OptionsWithValue.Contains(a)) { i++; continue; }
            if (a.StartsWith('-') && a.Length > 1)
            {
                int separator = a.IndexOfAny(['=', ':']);   // --option=VALUE, --option:VALUE
                if (!Flags.Contains(a) && !OptionsWithValue.Contains(separator > 0 ? a[..separator] : a)) return (args, [], a);
                continue;
            }
            return (args[..(i + 1)], args[(i + 1)..], null);
        }
        return (args, [], null);
    }

    /// <summary>--modules, else MICROCOSM_MODULES, else the modules installed beside the SDK.</summary>
    public static string? ModuleDirectory(string? option) => option ?? Sdk.InstalledModuleDirectory;

    /// <summary>Runs <paramref name="program"/> (or, with <paramref name="run"/>, what it runs: a fork child's resumption)
    /// and turns how it ended into microcosm's exit: a status, or death by the same signal.</summary>
    public static int Execute(string program, CosmosOptions options, uint? signalExitBase, Func<Cosmos, int>? run = null)
    {
        if (options.ModuleDirectory == null) return Errors.Fail($"{program}: cannot find the standard modules (set --modules DIR or MICROCOSM_MODULES)", Errors.CannotExecute);
        foreach (var pattern in options.ProgramHostLibraries.Allow.Concat(options.ProgramHostLibraries.Deny)
                     .Concat(options.ModuleHostLibraries.Allow).Concat(options.ModuleHostLibraries.Deny))
            if (pattern.Length == 0) return Errors.Fail("run: a host-library pattern is empty (the host's default scope, libhost_.so, is named '.so')", 2);
        int status;
        int? signal;
        try
        {
            if (OperatingSystem.IsLinux()) InheritedDescriptors.GiveTo(options);
            else if (OperatingSystem.IsWindows()) WindowsInheritedDescriptors.GiveTo(options);
            (status, signal) = RunProgram(options, run ?? (cosmos => cosmos.Run(program, GuestArguments)));
        }
        catch (GuestFaultException ex)
        {
            status = Errors.Fault(program, ex);
            signal = ex.Fault.Signal;
        }
        catch (LoadException ex)
        {
            return Errors.Report(program, ex);
        }
        catch (MainThreadLostException ex)
        {
            return Errors.Fail($"{program}: {ex.Message}", ex.ExitStatus);
        }
        catch (SyscallHandlerException ex)
        {
            foreach (var inner in ex.InnerExceptions) Console.Error.WriteLine($"microcosm: {program}: syscall handler failed: {inner}");
            return ex.ExitStatus;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Errors.Internal(program, ex);
        }
        // A program that a signal ended (a fault, abort(), SIGPIPE's default action...) ends microcosm by the
        // same signal once the instance is disposed, so that a parent sees what it would of a native program.
        if (signal is int killer)
        {
            Console.Error.Flush();
            Microcosm.Host.HostPlatform.Process.DieBySignal(killer);
            if (signalExitBase is uint exitBase) return unchecked((int)(exitBase + (uint)killer));
        }
        return status & 0xff;   // an exit status is 8 bits, as a parent sees it on Linux (Windows would pass exit(300) on whole)
    }

    /// <summary>Runs the program in an instance that is disposed before this returns: the status and the signal that ended it, if one did.</summary>
    private static (int Status, int? Signal) RunProgram(CosmosOptions options, Func<Cosmos, int> run)
    {
        using var cosmos = new Cosmos(options);
        int status = run(cosmos);
        return (status, cosmos.TerminatingSignal);
    }
}
