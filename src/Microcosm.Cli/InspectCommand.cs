using System.CommandLine;
using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary><c>microcosm inspect FILE</c>: what the loader sees, without running anything.</summary>
internal static class InspectCommand
{
    private static readonly Argument<string> File = new("file") { Description = "An ELF executable or shared object" };
    private static readonly Option<string[]> LibraryPath = new("--library-path", "-L") { Description = "Directory searched for dependencies (repeatable)" };
    private static readonly Option<bool> Syscalls = new("--syscalls") { Description = "Start the modules and show the syscall table: number, name, owning object" };
    private static readonly Option<string?> Modules = new("--modules") { Description = "Directory holding microcosm-modules.so (with --syscalls)" };

    public static Command Create()
    {
        var command = new Command("inspect", "Show an object's type, entry, dependencies (guest file, host library or built-in) and unresolved symbols; or, with --syscalls, the syscall table after module start-up")
        {
            File, LibraryPath, Syscalls, Modules,
        };
        File.Arity = ArgumentArity.ZeroOrOne;
        command.SetAction(result => result.GetValue(Syscalls)
            ? ShowSyscalls(result.GetValue(Modules))
            : result.GetValue(File) is { } file ? Execute(file, result.GetValue(LibraryPath) ?? []) : Errors.Fail("inspect: name a FILE, or use --syscalls", 2));
        return command;
    }

    private static int ShowSyscalls(string? modules)
    {
        string? directory = RunCommand.ModuleDirectory(modules);
        if (directory == null) return Errors.Fail("inspect: cannot find the standard modules (set --modules DIR or MICROCOSM_MODULES)", Errors.CannotExecute);
        using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = directory });
        try
        {
            cosmos.StartModules();
        }
        catch (LoadException ex)
        {
            return Errors.Report(Path.Combine(directory, Cosmos.ModuleRoot), ex);
        }
        Console.Out.WriteLine($"{"number",8}  {"name",-20} owner");
        foreach (var (number, name, owner) in cosmos.DescribeSyscalls())
            Console.Out.WriteLine($"{number,8}  {name,-20} {owner}");
        return 0;
    }

    private static int Execute(string path, string[] libraryPath)
    {
        var options = new CosmosOptions();
        options.LibraryPath.AddRange(libraryPath);
        using var cosmos = new Cosmos(options);
        IReadOnlyList<ObjectReport> reports;
        try
        {
            reports = cosmos.Inspect(path);
        }
        catch (LoadException ex)
        {
            return Errors.Report(path, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Errors.Internal(path, ex);
        }
        var output = Console.Out;
        int unresolved = 0;
        foreach (var r in reports)
        {
            if (r.Kind != ObjectKind.Guest) continue;
            output.WriteLine($"{r.Name}: {r.Path}");
            output.WriteLine($"  type: {r.Type}");
            if (r.Entry != 0) output.WriteLine($"  entry: 0x{r.Entry:x}");
            if (r.Interpreter != null) output.WriteLine($"  interpreter: {r.Interpreter} (not used by Microcosm)");
            foreach (var (needed, kind, where) in r.Dependencies)
            {
                string how = kind switch
                {
                    ObjectKind.Builtin => "built-in (the core's syscall library)",
                    ObjectKind.Host => $"host library {where}",
                    _ => $"guest {where}",
                };
                output.WriteLine($"  needs {needed} => {how}");
            }
            foreach (var name in r.UnresolvedSymbols) output.WriteLine($"  unresolved symbol: {name}");
            foreach (var name in r.UndefinedWeakSymbols) output.WriteLine($"  undefined weak symbol: {name} (binds to 0)");
            unresolved += r.UnresolvedSymbols.Count;
        }
        return unresolved == 0 ? 0 : 1;
    }
}
