// `load` (bench/run.sh) runs the BenchmarkDotNet comparison of Microcosm's loader with glibc's dlopen. (The C# handler
// figures are bench/CSharpHandlers': a harness without BenchmarkDotNet, which runs on the Windows host too.)
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Microcosm.Bench;

// Results go under build/ (MICROCOSM_BENCH is build/bench), never into the source tree.
string artifacts = Path.Combine(Environment.GetEnvironmentVariable("MICROCOSM_BENCH") ?? Path.Combine("build", "bench"), "BenchmarkDotNet.Artifacts");
var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithArtifactsPath(Path.GetFullPath(artifacts));
BenchmarkRunner.Run<LoadBenchmark>(config, args.Length > 0 && args[0] == "load" ? args[1..] : args);
return 0;

