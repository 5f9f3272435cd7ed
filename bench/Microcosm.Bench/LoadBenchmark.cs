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

    /// <summary>The SDK's C library, newlib's libc.so (every `microcosm run` of a C program loads it).</summary>
    public static string Libc => Path.Combine(Sdk.Directory ?? "build/sdk", "libc", "lib", "libc.so");

    /// <summary>
    /// Loading libc.so, part of every C program's start-up. It has no glibc baseline (glibc cannot load
    /// it: it needs the built-in libmicrocosm.so), so its Ratio column means nothing; the figure to
    /// watch is the time minus <see cref="MicrocosmInstanceOnly"/>.
    /// </summary>
    [Benchmark]
    public void MicrocosmLoadLibc()
    {
        using var cosmos = new Cosmos();
        cosmos.Load(Libc);
    }
}
