using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Microcosm.Bench;

/// <summary>
/// Load, relocate and initialize a large shared object (20,000 functions, 40,000 symbol relocations)
/// with Microcosm, against glibc's dlopen(RTLD_NOW) of the same file, in the same process.
/// </summary>
[MemoryDiagnoser]
public partial class LoadBenchmark
{
    private const int RTLD_NOW = 2;

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint dlopen(string file, int mode);

    [LibraryImport("libc.so.6")]
    private static partial int dlclose(nint handle);

    public static string Library => Path.Combine(Environment.GetEnvironmentVariable("MICROCOSM_BENCH") ?? "build/bench", "liblarge.so");

    [Benchmark(Baseline = true)]
    public void GlibcDlopen()
    {
        nint handle = dlopen(Library, RTLD_NOW);
        if (handle == 0) throw new InvalidOperationException("dlopen failed");
        dlclose(handle); // the last reference: glibc unmaps it, so the next dlopen loads it afresh
    }

    /// <summary>What <see cref="MicrocosmLoad"/> spends before loading anything: a new instance.</summary>
    [Benchmark]
    public void MicrocosmInstanceOnly()
    {
        using var cosmos = new Cosmos();
    }

    [Benchmark]
    public void MicrocosmLoad()
    {
        using var cosmos = new Cosmos();
        cosmos.Load(Library);
    }
}
