using System.CommandLine;
using Microcosm.Cli;

// microcosm run | cc | c++ | inspect. `run`, `cc` and `c++` pass their trailing arguments through untouched
// (the guest's arguments, gcc's options), so those are split off before System.CommandLine parses.
Errors.OpenStderr();
// Microcosm's own lines end as its guests' do, "\n", on Windows too: a log holding both has one line ending,
// and a report reads the same from the Linux and the Windows build (docs/hosts.md). Only there: on Linux it is
// "\n" already, and touching Console.Out would open a standard output that may be closed.
if (OperatingSystem.IsWindows()) Console.Out.NewLine = Console.Error.NewLine = "\n";
// .NET replaced each byte of an argument that is not UTF-8; the guest gets the bytes (and so does gcc).
args = Microcosm.Host.HostPlatform.Process.RepairArguments(args, 1);
string? verb = args.Length > 0 ? args[0] : null;
if (verb is "run" or ForkChildCommand.Verb) Microcosm.Cosmos.WarmUp();
if (verb == ForkChildCommand.Verb) return ForkChildCommand.Execute(args[1..]);
if (verb == "cc") return CcCommand.Execute(args[1..]);
if (CcCommand.CxxVerbs.Contains(verb)) return CcCommand.Execute(args[1..], cxx: true);

// Only the command being run is built (building a command's options is a measurable part of start-up);
// the root's own help, --version and errors see all three.
var root = new RootCommand("Microcosm: load and run native ELF programs on a syscall table that modules define.");
Func<Command>[] commands = [RunCommand.Create, CcCommand.Create, CcCommand.CreateCxx, InspectCommand.Create];
string[] names = ["run", "cc", "c++", "inspect"];
int chosen = Array.IndexOf(names, verb);
if (chosen >= 0) root.Subcommands.Add(commands[chosen]());
else foreach (var create in commands) root.Subcommands.Add(create());

var (parsed, passthrough, unknown) = RunCommand.SplitArguments(args);
if (unknown != null)
    return Errors.Fail($"run: unknown option '{unknown}' (microcosm run --help lists run's options; a program whose name starts with '-' goes after --)", 2);
RunCommand.GuestArguments = passthrough;
return root.Parse(parsed).Invoke();
