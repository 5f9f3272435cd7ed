using Microcosm;

// Usage: Microcosm.InstanceHost COUNT STATUS PROGRAM [ARGS...]
// Runs PROGRAM with the standard modules (MICROCOSM_MODULES or the installed ones) in COUNT instances,
// each created, run and disposed before the next; each must end with STATUS (a fault ends with 128 +
// its signal). Prints one line:
//   "ran COUNT, mappings BEFORE -> AFTER"  (the lines of /proc/self/maps after the first instance and after the last)
// or, at the first instance that ends otherwise, "instance I ended with S: OUTPUT" (exit status 1).
if (args.Length < 3 || !int.TryParse(args[0], out int count) || count < 1 || !int.TryParse(args[1], out int expected)) return 2;
string program = args[2];
string[] rest = args[3..];
var options = new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory };
int before = 0;
for (int i = 1; i <= count; i++)
{
    var (status, what) = RunOnce(options, program, rest);
    if (status != expected)
    {
        Console.WriteLine($"instance {i} ended with {status}: {what}");
        return 1;
    }
    // The first instance warms up what a process keeps once (thunk pages, the runtime's own lazy state).
    if (i == 1) before = Mappings();
}
Console.WriteLine($"ran {count}, mappings {before} -> {Mappings()}");
return 0;

static (int Status, string What) RunOnce(CosmosOptions options, string program, string[] args)
{
    using var cosmos = new Cosmos(options);
    try
    {
        return (cosmos.Run(program, args), "exited");
    }
    catch (GuestFaultException ex)
    {
        return (ex.ExitStatus, ex.Fault.ToString());
    }
}

static int Mappings() => File.ReadAllLines("/proc/self/maps").Length;
