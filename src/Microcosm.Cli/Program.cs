using System.CommandLine;
using Microcosm.Cli;

// microcosm run | cc | inspect. `run` and `cc` pass their trailing arguments through untouched
// (the guest's arguments, gcc's options), so those are split off before System.CommandLine parses.
Errors.OpenStderr();
if (args.Length > 0 && args[0] == "run") Microcosm.Cosmos.WarmUp();
var root = new RootCommand("Microcosm: load and run native ELF programs on a syscall table that modules define.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(CcCommand.Create());
root.Subcommands.Add(InspectCommand.Create());

if (args.Length > 0 && args[0] == "cc" && !(args.Length == 2 && args[1] is "-h" or "--help"))
    return CcCommand.Execute(args[1..]);

var (parsed, passthrough) = RunCommand.SplitArguments(args);
RunCommand.GuestArguments = passthrough;
return root.Parse(parsed).Invoke();
