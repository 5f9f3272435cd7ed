// bench/run.sh runs this twice: `handlers PROGRAM` runs the guest harness for C# handlers, and
// `load` runs the BenchmarkDotNet comparison of Microcosm's loader with glibc's dlopen.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Microcosm;
using Microcosm.Bench;
using Microcosm.Syscalls;

if (args.Length >= 2 && args[0] == "handlers")
{
    using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory });
    cosmos.Syscalls.Register(1600, (in SyscallArgs a) => a.A + a.B + a.C + a.D);
    string sum;
    unsafe
    {
        cosmos.Syscalls.Register(1601, &Handlers.Sum);
        sum = $"0x{(nint)(delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)&Handlers.Sum:x}";
    }
    return cosmos.Run(args[1], [.. args[2..], .. args.Length > 2 ? Array.Empty<string>() : ["5000000"], sum]);
}
// Results go under build/ (MICROCOSM_BENCH is build/bench), never into the source tree.
string artifacts = Path.Combine(Environment.GetEnvironmentVariable("MICROCOSM_BENCH") ?? Path.Combine("build", "bench"), "BenchmarkDotNet.Artifacts");
var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithArtifactsPath(Path.GetFullPath(artifacts));
BenchmarkRunner.Run<LoadBenchmark>(config, args.Length > 0 && args[0] == "load" ? args[1..] : args);
return 0;

namespace Microcosm.Bench
{
    internal static class Handlers
    {
        /// <summary>The same work as the delegate handler, as a bare UnmanagedCallersOnly method.</summary>
        [System.Runtime.InteropServices.UnmanagedCallersOnly]
        public static nint Sum(nint number, nint a, nint b, nint c, nint d, nint e, nint f) => a + b + c + d;
    }
}
