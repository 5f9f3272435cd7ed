// Runs a guest program with the C# key-value module installed beside the standard modules:
//   dotnet run --project examples/csharp-module -- build/tests/guest/csmodule/kvdemo
using Microcosm;
using Microcosm.Examples;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: csharp-module PROGRAM [ARGS...]");
    return 2;
}
using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory });
KeyValueModule.Register(cosmos.Syscalls);
return cosmos.Run(args[0], args[1..]);
