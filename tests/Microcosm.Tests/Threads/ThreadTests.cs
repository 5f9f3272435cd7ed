using Microcosm.Syscalls;

namespace Microcosm.Tests.Threads;

/// <summary>Threads and the thread structure (core syscalls -8, -9, -16 … -19), from guest programs.</summary>
public class ThreadTests
{
    public ThreadTests() => GuestBuild.Ensure();

    private static string Guest(string name) => TestPaths.Guest("threads/" + name);

    [Fact]
    public void SixtyFourThreadsRegisterReplaceAndCallConcurrently()
    {
        var result = Run.Guest("threads/registry64");
        Assert.Equal("", result.StandardError);
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>A thread killed while it loops on calls that never enter C# — a module's getpid (dispatched
    /// natively) or the core's native -9 stub — is joined with the kill's value.</summary>
    [Fact]
    public void KilledThreadLoopingOnNativeSyscallsKeepsTheKillsValue()
    {
        Assert.Equal(0, Run.Guest("threads/killloop").ExitCode);
        using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") });
        Assert.Equal(0, cosmos.Run(Guest("killloop")));
    }

    [Fact]
    public void ExpandingTheStructureWhileThreadsRun() => Assert.Equal(0, Run.Guest("threads/expand").ExitCode);

    /// <summary>Spawned threads start natively (no .NET): a joiner waiting on one is still ended at once by a kill.</summary>
    [Fact]
    public void KillSelfKillOtherAndJoinErrors() => Assert.Equal(0, Run.Guest("threads/kill").ExitCode);

    /// <summary>Thread blocks (record, signal stack, structure) are reused and, past the pool, unmapped: every
    /// thread still starts with a correct header and zeroed regions, also after an expansion over scribbled bytes.</summary>
    [Fact]
    public void ReusedThreadBlocksLookFresh()
    {
        using var cosmos = new Cosmos();
        Assert.Equal(0, cosmos.Run(Guest("reuse")));
        Assert.Equal(0, cosmos.ThreadCount);
        Assert.Equal(1, cosmos.ThreadStructureCount); // the main thread's: nobody joins it
    }

    [Fact]
    public void CSharpHandlerOnANativelyStartedThreadFindsItsThreadAndCanEndIt()
    {
        using var cosmos = new Cosmos();
        var table = cosmos.Syscalls;
        int continuedAfterEnd = 0, calls = 0;
        table.Register(1010, (in SyscallArgs a) =>
        {
            Interlocked.Increment(ref calls);
            return table.Invoke(CoreSyscall.CurrentThreadStructure);
        });
        table.Register(1011, (in SyscallArgs a) =>
        {
            nint result = table.Invoke(CoreSyscall.KillThread, 0, a.A);
            Interlocked.Increment(ref continuedAfterEnd); // never: the thread ended inside Invoke
            return result;
        });
        Assert.Equal(0, cosmos.Run(Guest("csharpthread")));
        Assert.Equal(50, calls);
        Assert.Equal(0, continuedAfterEnd);
        Assert.Equal(0, cosmos.ThreadCount);
        Assert.Equal(1, cosmos.ThreadStructureCount);
    }

    [Fact]
    public void ExitFromAnotherThreadEndsTheProgramWithItsStatus()
    {
        var result = Run.Guest("threads/exitthread");
        Assert.Equal(5, result.ExitCode);
    }

    /// <summary>Linux 6.15 keeps a thread's exit status for a pidfd of it: there the status of a raw exit is known.</summary>
    private static bool HostKeepsThreadExitStatus => Environment.OSVersion.Version >= new Version(6, 15);

    /// <summary>The raw exit system call (the instruction) ends only the main thread's host thread, with nothing
    /// of Microcosm left on it to say so. Was: `run` waited for that thread forever. Now the program ends as a
    /// process whose last thread exits: with its status where the host can tell it, the other threads killed.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("threads")]
    public void RawExitOfTheMainThreadEndsTheProgram(string mode)
    {
        var started = DateTime.UtcNow;
        var result = Run.Cli(["run", Guest("rawexit"), .. mode.Length > 0 ? [mode] : Array.Empty<string>()], null, timeoutSeconds: 30);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        if (HostKeepsThreadExitStatus)
        {
            Assert.Equal("", result.StandardError);
            Assert.Equal(37, result.ExitCode);
        }
        else
        {
            Assert.Contains("the main thread ended outside Microcosm", result.StandardError);
            Assert.Equal(MainThreadLostException.UnknownStatus, result.ExitCode);
        }
    }

    /// <summary>An embedder (the JIT runtime, FaultHost) gets the status from Run, or, where the host cannot tell it,
    /// <see cref="MainThreadLostException"/>.</summary>
    [Fact]
    public void RawExitOfTheMainThreadEndsTheEmbeddersRun()
    {
        static ProcessResult Host(params string[] args) =>
            Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "Microcosm.FaultHost.dll"), .. args], timeoutSeconds: 60);
        if (HostKeepsThreadExitStatus) Assert.Equal("status 37\n", Host("run", Guest("rawexit"), "threads").StandardOutput);
        Assert.Equal("main thread lost: the main thread ended outside Microcosm (a raw exit system call, not syscall 60 through mc_syscall); "
            + "this host cannot tell its exit status; exit 1\n", Host("--no-thread-exit-status", "run", Guest("rawexit")).StandardOutput);
    }

    [Fact]
    public void ProgramEndsEvenWhileAThreadSpinsWithoutSyscalls()
    {
        var started = DateTime.UtcNow;
        var result = Run.Cli(["run", Guest("spinner")], null, timeoutSeconds: 30);
        Assert.Equal(3, result.ExitCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    /// <summary>A thread that computes in the program's code when the program has ended (its finalizers run) is stopped
    /// there: nothing is stranded, and the instance gives everything back (docs/threads.md).</summary>
    [Fact]
    public void ASpinningThreadIsStoppedOnceTheProgramHasEnded()
    {
        var cosmos = new Cosmos(new CosmosOptions { ThreadExitTimeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(3, cosmos.Run(Guest("spinner")));
        Assert.Equal(0, cosmos.StrandedThreads);
        cosmos.Dispose();
        Assert.Equal(0, cosmos.ThreadCount);
    }

    /// <summary>Cancelling a run ends the program as SIGKILL would, even when every thread computes without syscalls.</summary>
    [SkippableTheory, OnBothHosts]
    public void CancellingARunStopsThreadsThatNeverMakeASyscall(TargetHost host)
    {
        var started = DateTime.UtcNow;
        var result = Faults.FaultTests.Host(host, "cancel", Guest("spinner"), "both");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("cancelled: signal 9, stranded threads 0\n", result.StandardOutput);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void HostThreadIsAdoptedAndReleased()
    {
        var result = Run.Guest("threads/adopt");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"adopted thread \d+ released with 11", result.StandardOutput);
    }

    [Fact]
    public void NestedCSharpAndGuestCallsUnwindBoundaryByBoundary()
    {
        using var cosmos = new Cosmos();
        var table = cosmos.Syscalls;
        int continuedAfterEnd = 0;
        SyscallHandler through(long target) => (in SyscallArgs a) =>
        {
            nint result = table.Invoke(target, a.A);
            Interlocked.Increment(ref continuedAfterEnd); // never: the thread ended inside Invoke
            return result;
        };
        table.Register(1003, through(1002));
        table.Register(1004, through(1005));
        table.Register(1006, through(1007));
        Assert.Equal(0, cosmos.Run(Guest("nested")));
        Assert.Equal(0, continuedAfterEnd);
        Assert.Equal(0, cosmos.ThreadCount);
    }

    [Fact]
    public void ThreadSelfIsZeroOffMicrocosmThreads()
    {
        using var cosmos = new Cosmos();
        Assert.Equal(0, cosmos.Syscalls.Invoke(CoreSyscall.CurrentThreadStructure)); // the test runner's thread
        Assert.Equal(-Errno.ESRCH, cosmos.Syscalls.Invoke(CoreSyscall.KillThread, 0, 1));
        Assert.Equal(-Errno.ESRCH, cosmos.Syscalls.Invoke(CoreSyscall.JoinThread, 12345, 0));
    }

    [Fact]
    public void TraceShowsThreadIdsAndTheirEnd()
    {
        var result = Run.Cli("run", "--trace", Guest("kill"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[1] mc_spawn(", result.StandardError);
        Assert.Matches(@"\[\d+\] mc_kill\(0, 7\) ends the thread", result.StandardError);
        Assert.Contains("[1] mc_join(1, ", result.StandardError);
        Assert.Contains(") = -35 EDEADLK", result.StandardError);
        Assert.Contains("[1] mc_join(0x1869f, ", result.StandardError); // 99999: beyond ±65535 values print in hex
        Assert.Contains(") = -3 ESRCH", result.StandardError);
        // The joiner is killed while waiting in join, or (if the kill came first) as it makes that call.
        Assert.Matches(@"\[\d+\] (mc_join\(\d+, 0x[0-9a-f]+\) ends the thread|killed at mc_join)", result.StandardError);
        Assert.Matches(@"\[\d+\] killed at mc_get", result.StandardError);
    }
}
