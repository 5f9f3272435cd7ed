using System.Globalization;
using System.Text.RegularExpressions;

namespace Microcosm.Tests.Faults;

/// <summary>
/// Guest faults (docs/faults.md): SIGSEGV, SIGBUS, SIGILL and SIGFPE in guest code are reported as
/// <c>microcosm: PROGRAM: fault SIG at OBJECT+0xOFFSET (SYMBOL)...</c> and <c>run</c> exits 128 + signal.
/// Every faulting program runs in a subprocess: the CLI (NativeAOT), or FaultHost (an embedder on the JIT runtime).
/// They run alone, after the parallel tests: the JIT-runtime subprocesses would otherwise slow the timed sweeps.
/// </summary>
[Collection(Name)]
public partial class FaultTests
{
    public const string Name = "fault subprocesses";

    public FaultTests() => GuestBuild.Ensure();

    private static string Faults => TestPaths.Guest("faults/faults");

    [GeneratedRegex(@"^microcosm: (?<program>.+): fault (?<signal>SIG[A-Z]+) at (?<object>[^+ ]+)\+0x(?<offset>[0-9a-f]+) \((?<symbol>[^)]+)\)(?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex FaultLine();

    /// <summary>Runs a faulting program through the CLI and checks the one report line against <c>nm</c>.</summary>
    private static Match RunFault(TargetHost host, string program, string[] args, string signal, int status, string objectFile, string symbol)
    {
        var result = Run.Cli(host, ["run", program, .. args], timeoutSeconds: 60);
        var match = FaultLine().Match(result.StandardError);
        Assert.True(match.Success, $"no fault line in: {result.StandardError}");
        Assert.Equal(program, match.Groups["program"].Value);
        Assert.Equal(signal, match.Groups["signal"].Value);
        Assert.Equal(Path.GetFileName(objectFile), match.Groups["object"].Value);
        Assert.Equal(symbol, match.Groups["symbol"].Value);
        AssertInSymbol(objectFile, symbol, ulong.Parse(match.Groups["offset"].Value, NumberStyles.HexNumber));
        Assert.Equal(status, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        return match;
    }

    /// <summary>The offset lies inside the symbol as <c>nm -S</c> lists it (value and size).</summary>
    private static void AssertInSymbol(string file, string symbol, ulong offset)
    {
        var nm = Run.Process("nm", ["-S", "--defined-only", file]);
        Assert.Equal(0, nm.ExitCode);
        var line = nm.StandardOutput.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f.Length == 4 && f[3] == symbol);
        ulong value = ulong.Parse(line[0], NumberStyles.HexNumber), size = ulong.Parse(line[1], NumberStyles.HexNumber);
        Assert.InRange(offset, value, value + size - 1);
    }

    [SkippableTheory, OnBothHosts]
    public void NullWriteIsSigsegvAtTheStore(TargetHost host)
    {
        var m = RunFault(host, Faults, ["null-write"], "SIGSEGV", 139, Faults, "write_null");
        Assert.Equal(", address 0x0, thread 1", m.Groups["rest"].Value);
    }

    /// <summary>The report reaches microcosm's own stderr even if the guest closed descriptor 2 (every
    /// newlib program does at exit) or reopened it as one of its files, which must not receive it.</summary>
    [SkippableTheory, OnBothHosts]
    public void ReportSurvivesTheGuestClosingOrReplacingStderr(TargetHost host)
    {
        RunFault(host, Faults, ["closed-stderr"], "SIGSEGV", 139, Faults, "write_null");
        string file = Path.Combine(Directory.CreateTempSubdirectory("microcosm-fault-").FullName, "guest-stderr");
        try
        {
            RunFault(host, Faults, ["stderr-to", file], "SIGSEGV", 139, Faults, "write_null");
            Assert.Equal("", File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
        // Started with no stderr at all: nothing to report to, but the status still says what happened (a shell's
        // closed descriptor: the Linux lane's).
        if (host != TargetHost.Linux) return;
        var closed = Run.Process("sh", ["-c", "exec \"$0\" run \"$1\" null-write 2>&-", TestPaths.Cli, Faults],
            new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        Assert.Equal(139, closed.ExitCode);
    }

    [SkippableTheory, OnBothHosts]
    public void WildReadReportsTheDataAddress(TargetHost host)
    {
        var m = RunFault(host, Faults, ["wild-read"], "SIGSEGV", 139, Faults, "read_wild");
        Assert.Equal(", address 0xbeef, thread 1", m.Groups["rest"].Value);
    }

    [Fact]
    public void TouchingAMappedPagePastTheEndOfAFileIsSigbus()
    {
        string file = Path.Combine(Path.GetTempPath(), $"microcosm-bus-{Guid.NewGuid():N}");
        var m = RunFault(TargetHost.Linux, Faults, ["bus", file], "SIGBUS", 135, Faults, "touch_truncated");
        Assert.Matches(@"^, address 0x[0-9a-f]+, thread 1$", m.Groups["rest"].Value);
        Assert.False(File.Exists(file)); // the program unlinked it before faulting
    }

    [SkippableTheory, OnBothHosts]
    public void TrapIsSigill(TargetHost host)
    {
        var m = RunFault(host, Faults, ["trap"], "SIGILL", 132, Faults, "trap");
        Assert.Equal(", thread 1", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void IntegerDivisionByZeroIsSigfpe(TargetHost host) => RunFault(host, Faults, ["divide"], "SIGFPE", 136, Faults, "divide");

    [SkippableTheory, OnBothHosts]
    public void StackOverflowOnTheMainThreadHitsItsGuardPage(TargetHost host)
    {
        var m = RunFault(host, Faults, ["recurse"], "SIGSEGV", 139, Faults, "recurse");
        Assert.Matches(@"^, address 0x[0-9a-f]+, stack overflow, thread 1$", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void StackOverflowOnASpawnedThreadEndsTheProgram(TargetHost host)
    {
        var m = RunFault(host, Faults, ["spawn-recurse"], "SIGSEGV", 139, Faults, "recurse");
        var thread = Regex.Match(m.Groups["rest"].Value, @"^, address 0x[0-9a-f]+, stack overflow, thread (\d+)$");
        Assert.True(thread.Success, m.Value);
        Assert.NotEqual("1", thread.Groups[1].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void FaultOnASpawnedThreadEndsTheProgramWhileMainJoinsIt(TargetHost host)
    {
        var m = RunFault(host, Faults, ["spawn-null"], "SIGSEGV", 139, Faults, "write_null");
        Assert.Matches(@"^, address 0x0, thread ([2-9]|\d\d+)$", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void FaultOnASpawnedThreadEndsTheProgramEvenWhileMainSpins(TargetHost host)
    {
        var started = DateTime.UtcNow;
        RunFault(host, Faults, ["spawn-null-spin"], "SIGSEGV", 139, Faults, "write_null");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [SkippableTheory, OnBothHosts]
    public void FaultInASharedLibraryNamesTheLibraryAndItsFunction(TargetHost host)
    {
        string library = TestPaths.Guest("faults/libfaulty.so");
        var m = RunFault(host, TestPaths.Guest("faults/libfault"), [], "SIGSEGV", 139, library, "faulty_store");
        Assert.Equal(", address 0x10, thread 1", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void ProgramThatDoesNotFaultIsUnaffected(TargetHost host)
    {
        var result = Run.Guest(host, "faults/faults", "ok");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }

    // ---- guest code the core calls: IFUNC resolvers ---------------------------------------------------

    private static string FaultyIfunc => TestPaths.Guest("faults/libfaultyifunc.so");

    /// <summary>A resolver runs while the program loads, on the thread that called Run (not yet a Microcosm
    /// thread: thread 0). Was: the host died of SIGSEGV with no report.</summary>
    [SkippableTheory, OnBothHosts]
    public void FaultInAnIfuncResolverWhileLoadingIsReported(TargetHost host)
    {
        var m = RunFault(host, TestPaths.Guest("faults/badifunc_linked"), [], "SIGSEGV", 139, FaultyIfunc, "resolve_pick");
        Assert.Equal(", address 0x0, thread 0", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void FaultInAnIrelativeResolverWhileLoadingIsReported(TargetHost host)
    {
        string program = TestPaths.Guest("faults/badirelative");
        var m = RunFault(host, program, [], "SIGSEGV", 139, program, "resolve_chosen");
        Assert.Equal(", address 0x0, thread 0", m.Groups["rest"].Value);
    }

    /// <summary>dlopen relocates on the calling thread, inside the core syscall: the fault ends the program
    /// like any fault of that thread.</summary>
    [SkippableTheory, OnBothHosts]
    public void FaultInAnIfuncResolverRunByDlopenIsReported(TargetHost host)
    {
        var m = RunFault(host, TestPaths.Guest("faults/badifunc"), ["dlopen", FaultyIfunc], "SIGSEGV", 139, FaultyIfunc, "resolve_pick");
        Assert.Equal(", address 0x0, thread 1", m.Groups["rest"].Value);
    }

    [SkippableTheory, OnBothHosts]
    public void FaultInAnIfuncResolverRunByDlsymIsReported(TargetHost host)
    {
        string library = TestPaths.Guest("faults/libfaultyifunc_sym.so");
        var m = RunFault(host, TestPaths.Guest("faults/badifunc"), ["dlsym", library], "SIGSEGV", 139, library, "resolve_pick");
        Assert.Equal(", address 0x0, thread 1", m.Groups["rest"].Value);
    }

    // ---- bad pointers given to the core --------------------------------------------------------------

    /// <summary>dlopen, dlsym and dladdr with bad pointers (low, unmapped, kernel, non-canonical), a bad
    /// error buffer, join's value_out, and mc_copy_checked itself: -EFAULT or "Bad address", never a fault
    /// in the host. Was: a .NET access violation (exit 134), or near 0 the misleading "the core has no
    /// run-time loading".</summary>
    [SkippableTheory, OnBothHosts]
    public void BadPointersGivenToTheCoreAreEfault(TargetHost host)
    {
        var result = Run.Guest(host, "faults/badpointers");
        Assert.Equal("", result.StandardError);
        Assert.Equal("ok\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData("trap", 132)]
    [InlineData("null", 139)]
    public void FaultOnAHostThreadTheCoreNeverEnteredIsPassedOnUnchanged(string what, int status)
    {
        var result = Run.Guest("faults/hostthread", what);
        Assert.Equal(status, result.ExitCode); // the default action: killed by the signal, as without Microcosm's handler
        Assert.DoesNotContain("fault SIG", result.StandardError);
    }

    // ---- an embedder on the JIT runtime (FaultHost) ------------------------------------------------

    /// <summary>FaultHost on <paramref name="host"/>: on Windows its win-x64 build (build/windows-tests) under Wine.</summary>
    internal static ProcessResult Host(TargetHost host, params string[] args) => host == TargetHost.Windows
        ? WindowsLane.Exe(Path.Combine(TestPaths.Build, "windows-tests", "faulthost", "Microcosm.FaultHost.exe"), args)
        : Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "Microcosm.FaultHost.dll"), .. args], timeoutSeconds: 120);

    /// <summary>The C# handler thunks read the thread's active boundary directly where the host's layout allows
    /// (<c>SlotOffsetProbe</c> on Linux, the TEB on Windows), else with a call: the semantics must be the same both ways.</summary>
    private static ProcessResult Host(TargetHost host, bool readSlotsByCall, params string[] args) =>
        Host(host, readSlotsByCall ? ["--read-slots-by-call", .. args] : args);

    private static string Handlers => TestPaths.Guest("faults/handlers");

    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void NullReferenceInACSharpHandlerIsStillADotNetException(TargetHost host, bool readSlotsByCall)
    {
        var result = Host(host, readSlotsByCall, "nre", Handlers, "nre");
        Assert.Equal("status 0, handler exceptions: NullReferenceException\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void CSharpHandlerCanCatchItsOwnNullReference(TargetHost host, bool readSlotsByCall)
    {
        var result = Host(host, readSlotsByCall, "caught", Handlers, "caught");
        Assert.Equal("status 0\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void UnmanagedCallersOnlyHandlerCanCatchItsOwnNullReference(TargetHost host, bool readSlotsByCall)
    {
        // A bare UnmanagedCallersOnly pointer in the table would make its null dereference look like a guest fault.
        var result = Host(host, readSlotsByCall, "uco-caught", Handlers, "caught");
        Assert.Equal("status 0\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void GuestFaultUnderAnUnmanagedCallersOnlyHandlerEndsTheThread(TargetHost host, bool readSlotsByCall)
    {
        var result = Host(host, readSlotsByCall, "uco-nested", Handlers, "nested");
        Assert.Matches(@"^fault SIGSEGV at handlers\+0x[0-9a-f]+ \(fault_handler\), address 0x8, thread 1; object handlers, offset 0x[0-9a-f]+, symbol fault_handler, exit 139\n$",
            result.StandardOutput);
    }

    /// <summary>.NET's own stack overflow, in a C# handler on a guest thread (whose stack's guard is the core's), is still
    /// .NET's: its report, and the process ends as .NET ends it - an abort on Linux (134); under Wine, whose
    /// RaiseFailFastException is a stub, .NET's exit after it (2).</summary>
    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void DotNetStackOverflowInACSharpHandlerIsStillDotNets(TargetHost host, bool readSlotsByCall)
    {
        var result = Host(host, readSlotsByCall, "overflow", Handlers, "overflow");
        Assert.Contains("Stack overflow.", result.StandardError);
        Assert.DoesNotContain("fault SIG", result.StandardError + result.StandardOutput);
        Assert.DoesNotContain("main thread lost", result.StandardOutput);
        Assert.Equal(host == TargetHost.Windows ? 2 : 134, result.ExitCode);
    }

    [SkippableTheory]
    [OnBothHosts(false)]
    [OnBothHosts(true)]
    public void GuestFaultUnderACSharpHandlerEndsTheThreadBoundaryByBoundary(TargetHost host, bool readSlotsByCall)
    {
        var result = Host(host, readSlotsByCall, "nested", Handlers, "nested");
        Assert.Matches(@"^fault SIGSEGV at handlers\+0x[0-9a-f]+ \(fault_handler\), address 0x8, thread 1; object handlers, offset 0x[0-9a-f]+, symbol fault_handler, exit 139\n$",
            result.StandardOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void GuestFaultOnAHostThreadThrowsGuestFaultException(TargetHost host)
    {
        var result = Host(host, "invoke", Handlers, "register");
        Assert.Matches(@"^fault SIGSEGV at handlers\+0x[0-9a-f]+ \(fault_handler\), address 0x8, thread 0; .*exit 139\n$", result.StandardOutput);
    }

    /// <summary>GuestMemory (the checked copy) on bad pointers from an embedder's own .NET thread, with no Cosmos and
    /// no guest code: false or -EFAULT, and strings read up to a guard page.</summary>
    [SkippableTheory, OnBothHosts]
    public void GuestMemoryChecksPointersOnAnyThread(TargetHost host)
    {
        var result = Host(host, "memory");
        Assert.Equal("guest memory ok\n", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>An embedder gets the fault of a resolver run while loading as <c>GuestFaultException</c>, from Run.</summary>
    [SkippableTheory, OnBothHosts]
    public void LibraryReportsAResolverFaultAsGuestFaultException(TargetHost host)
    {
        var result = Host(host, "run", TestPaths.Guest("faults/badirelative"));
        Assert.Matches(@"^fault SIGSEGV at badirelative\+0x[0-9a-f]+ \(resolve_chosen\), address 0x0, thread 0; .*exit 139\n$", result.StandardOutput);
    }

    [SkippableTheory]
    [OnBothHosts("null-write", "SIGSEGV", "write_null", 139)]
    [OnBothHosts("spawn-recurse", "SIGSEGV", "recurse", 139)] // the JIT runtime's threads and alternate stacks differ from NativeAOT's
    public void LibraryReportsTheFaultAsGuestFaultException(TargetHost host, string what, string signal, string symbol, int status)
    {
        var result = Host(host, "run", Faults, what);
        Assert.Matches($@"^fault {signal} at faults\+0x[0-9a-f]+ \({symbol}\).*; object faults, offset 0x[0-9a-f]+, symbol {symbol}, exit {status}\n$", result.StandardOutput);
    }
}

[CollectionDefinition(FaultTests.Name, DisableParallelization = true)]
public sealed class FaultSubprocesses;
