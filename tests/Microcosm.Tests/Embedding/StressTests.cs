using System.Runtime.InteropServices;
using Microcosm.Syscalls;
using Xunit.Abstractions;

namespace Microcosm.Tests.Embedding;

/// <summary>
/// A bounded stress run (docs/stress.md): instances with the standard modules run
/// tests/guest/stress/churn — threads spawning, killing and joining, guests registering and calling
/// syscalls — while C# code on another thread replaces the same entries with C# delegates and C#
/// native handlers and calls them; bare instances are created and disposed in between. After a
/// warm-up, the process must not grow: mappings, threads and resident memory stay within stated
/// bounds. MICROCOSM_STRESS_SECONDS sets the duration (default 20): bench/soak.sh runs it for minutes.
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed unsafe class StressTests(ITestOutputHelper output)
{
    private const int ChurnBase = 2000, ChurnCount = 16, MinimumWarmUpRounds = 10;
    // Bounds on growth after the warm-up, whatever the duration: a leak of one mapping, one thread
    // or a few hundred KiB per round exceeds them within a minute.
    private const int MappingsBound = 40, ThreadsBound = 4;
    private const long ResidentBoundKiB = 48 * 1024;

    [Fact]
    public void ThreadsRegistrationRacesAndInstancesLeaveNothingBehind()
    {
        GuestBuild.Ensure();
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("MICROCOSM_STRESS_SECONDS"), out double s) ? s : 20;
        string? logPath = Environment.GetEnvironmentVariable("MICROCOSM_STRESS_LOG");
        using var log = logPath != null ? new StreamWriter(logPath, append: true) { AutoFlush = true } : null;
        void Record(string line)
        {
            output.WriteLine(line);
            log?.WriteLine(line);
        }

        // Warm-up: a quarter of the run (at least 10 rounds), while the host's allocator arenas, its
        // thread-stack cache, the thunk pool and the GC heap reach their working size.
        var start = DateTime.UtcNow;
        var deadline = start + TimeSpan.FromSeconds(seconds);
        var warmedUp = start + TimeSpan.FromSeconds(seconds / 4);
        Sample? baseline = null, last = null, peak = null;
        int round = 0, measured = 0;
        while (baseline == null || DateTime.UtcNow < deadline || measured < 10)
        {
            RunChurn(round);
            CreateAndDisposeBareInstances();
            round++;
            if (round < MinimumWarmUpRounds || DateTime.UtcNow < warmedUp) continue;
            last = Sample.Take();
            measured++;
            if (baseline == null) Record($"{DateTime.UtcNow:O} warmed up after {round} rounds: {last}");
            baseline ??= last;
            peak = peak == null ? last : peak.Max(last);
            if (round % 20 == 0) Record($"{DateTime.UtcNow:O} round {round}: {last}");
        }
        last = Sample.Take(settle: true);
        Record($"{DateTime.UtcNow:O} end after {round} rounds ({seconds} s): baseline {baseline}, peak {peak}, final {last}");

        Assert.True(last.Mappings - baseline!.Mappings < MappingsBound, $"mappings grew from {baseline.Mappings} to {last.Mappings}");
        Assert.True(last.Threads - baseline.Threads <= ThreadsBound, $"threads grew from {baseline.Threads} to {last.Threads}");
        Assert.True(last.ResidentKiB - baseline.ResidentKiB < ResidentBoundKiB, $"resident memory grew from {baseline.ResidentKiB} KiB to {last.ResidentKiB} KiB");
    }

    /// <summary>One instance with the standard modules runs churn while a C# thread churns the same entries.</summary>
    private static void RunChurn(int round)
    {
        using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") });
        var table = cosmos.Syscalls;
        // Fresh delegates per instance: their thunks come from the process-wide pool and go back on dispose.
        var delegates = Enumerable.Range(0, ChurnCount).Select(k => (SyscallHandler)((in SyscallArgs a) => (nint)((a.Number - ChurnBase) * 10 + 1))).ToArray();
        int wrong = 0;
        using var stop = new CancellationTokenSource();
        var churner = new Thread(() =>
        {
            var random = new Random(round);
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(ChurnCount);
                switch (random.Next(4))
                {
                    case 0: table.Register(ChurnBase + k, delegates[k]); break;
                    case 1: table.Register(ChurnBase + k, &NativeChurn); break;
                    case 2: table.Deregister(ChurnBase + k); break;
                    default:
                        nint v = table.Invoke(ChurnBase + k);
                        if (v != -38 && v != k * 10 + 1 && v != k * 10 + 2) Interlocked.Increment(ref wrong);
                        break;
                }
            }
        }) { IsBackground = true };
        churner.Start();
        int status;
        try
        {
            status = cosmos.Run(TestPaths.Guest("stress/churn"), ["4"]);
        }
        finally
        {
            stop.Cancel();
            churner.Join();
        }
        Assert.Equal(0, status);
        Assert.Equal(0, wrong);
        Assert.Equal(0, cosmos.ThreadCount);
        Assert.Empty(table.HandlerExceptions);
    }

    private static void CreateAndDisposeBareInstances()
    {
        for (int i = 0; i < 10; i++)
        {
            using var cosmos = new Cosmos();
            cosmos.Syscalls.Register(ChurnBase, (in SyscallArgs a) => 1);
            Assert.Equal(1, cosmos.Syscalls.Invoke(ChurnBase));
        }
    }

    [UnmanagedCallersOnly]
    private static nint NativeChurn(nint number, nint a, nint b, nint c, nint d, nint e, nint f) => (number - ChurnBase) * 10 + 2;

    /// <summary>What the process holds: /proc/self/maps lines, /proc/self/task entries, VmRSS.</summary>
    private sealed record Sample(int Mappings, int Threads, long ResidentKiB)
    {
        public static Sample Take(bool settle = false)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            // Detached host threads finish exiting just after they report their end.
            Thread.Sleep(settle ? 500 : 50);
            return new Sample(File.ReadAllLines("/proc/self/maps").Length, Directory.GetDirectories("/proc/self/task").Length,
                long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"))["VmRSS:".Length..].Trim().Split(' ')[0]));
        }

        public Sample Max(Sample other) =>
            new(Math.Max(Mappings, other.Mappings), Math.Max(Threads, other.Threads), Math.Max(ResidentKiB, other.ResidentKiB));

        public override string ToString() => $"{Mappings} mappings, {Threads} threads, {ResidentKiB} KiB resident";
    }
}
