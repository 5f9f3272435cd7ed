using Microcosm.Syscalls;

namespace Microcosm.Tests.Embedding;

/// <summary>Nothing an instance or a thread allocates outlives it (measured process-wide, so run alone).</summary>
[Collection(ProcessWideMeasurements.Name)]
public class LeakTests
{
    public LeakTests() => GuestBuild.Ensure();

    private static int Mappings() => File.ReadAllLines("/proc/self/maps").Length;

    /// <summary>Virtual memory mapped by the process, in KiB.</summary>
    private static long MappedKiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmSize:"))["VmSize:".Length..].Trim().Split(' ')[0]);

    private static int HostThreads() =>
        int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:"))["Threads:".Length..].Trim());

    [Fact]
    public void DisposedInstancesLeaveNoMappingsBehind()
    {
        static void RunOnce()
        {
            using var cosmos = new Cosmos();
            cosmos.Syscalls.Register(1000, (in SyscallArgs a) => 3);
            Assert.Equal(3, cosmos.Run(TestPaths.Guest("syscalls/call")));
        }
        for (int i = 0; i < 20; i++) RunOnce(); // warm up: thunk pages, JIT, the host's thread-stack cache
        int before = Mappings();
        for (int i = 0; i < 200; i++) RunOnce();
        int after = Mappings();
        Assert.True(after - before < 20, $"mappings grew from {before} to {after} over 200 instances");
    }

    [Fact]
    public void TenThousandSpawnJoinPairsLeakNothing()
    {
        using (var warmUp = new Cosmos()) warmUp.Run(TestPaths.Guest("threads/exitthread")); // runtime helper threads start lazily
        int threadsBefore = HostThreads();
        long mappedBefore = MappedKiB();
        using (var cosmos = new Cosmos())
        {
            Assert.Equal(0, cosmos.Run(TestPaths.Guest("threads/spawnjoin")));
            Assert.Equal(0, cosmos.ThreadCount);
            Assert.Equal(1, cosmos.ThreadStructureCount); // the main thread's: nobody joins it
        }
        // Detached host threads finish exiting just after they report their end.
        // A leak would show in the thousands; a runtime helper thread may come or go.
        for (int i = 0; i < 100 && HostThreads() > threadsBefore; i++) Thread.Sleep(20);
        Assert.InRange(HostThreads(), 0, threadsBefore + 2);
        // 10,000 stacks and structures of 64 KiB came and went: leaking even a tenth would add 64 MiB.
        long grown = MappedKiB() - mappedBefore;
        Assert.True(grown < 32 * 1024, $"mapped memory grew by {grown} KiB over 10,000 spawn/join pairs");
    }
}
