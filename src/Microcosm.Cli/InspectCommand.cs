using System.CommandLine;
using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary><c>microcosm inspect FILE</c>: what the loader sees, without running anything.</summary>
internal static class InspectCommand
{
    private static readonly Argument<string> File = new("file") { Description = "An ELF executable or shared object" };
    private static readonly Option<string[]> LibraryPath = new("--library-path", "-L") { Description = "Directory searched for dependencies (repeatable)" };

    public static Command Create()
    {
        var command = new Command("inspect", "Show an object's type, entry, dependencies (guest file, host library or built-in) and unresolved symbols")
        {
            File, LibraryPath,
        };
        command.SetAction(result => Execute(result.GetValue(File)!, result.GetValue(LibraryPath) ?? []));
        return command;
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
