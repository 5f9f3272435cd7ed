namespace Microcosm.Tests.Loading;

/// <summary>Host library dependencies, syscall registration from guest code, and ELF TLS. The host
/// library programs call the host's glibc and run on Linux only (docs/hosts.md); the theories run on both hosts.</summary>
public class LoaderHostAndSyscallTests
{
    public LoaderHostAndSyscallTests() => GuestBuild.Ensure();

    [Fact]
    public void CallsHostLibc()
    {
        Assert.Contains("Shared library: [libhost_libc.so.6]", LoaderGuest.Readelf("-d", "host/hostlib"));
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "host/hostlib", "hello-world"), 19,
            "sorted: -7 0 3 19 19 42 100 (19 characters)",
            "strlen(\"hello-world\") = 11",
            "strcmp: 1");
    }

    [Fact]
    public void CallsHostLibm()
    {
        Assert.Contains("Shared library: [libhost_libm.so.6]", LoaderGuest.Readelf("-d", "host/hostlibm"));
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "host/hostlibm", "0.5"), 5,
            "cos(0.5) = 0.877583",
            "pow(0.5, 3) = 0.125",
            "atan2(1, 0.5) = 1.107149");
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "host/hostlibm", "2"), 20,
            "cos(2) = -0.416147",
            "pow(2, 3) = 8.000",
            "atan2(1, 2) = 0.463648");
    }

    [Fact]
    public void CallsHostDefaultScope()
    {
        // microcosm cc --host-lib "" links against libhost_.so: the host's default symbol scope.
        string dynamic = LoaderGuest.Readelf("-d", "host/hostdefault");
        Assert.Contains("Shared library: [libhost_.so]", dynamic);
        Assert.DoesNotContain("libhost_libc", dynamic);
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "host/hostdefault", "abcdef"), 5, "default scope: strlen(\"abcdef\") = 6");
        Assert.Contains("needs libhost_.so => host library (host default scope)",
            Run.Cli("inspect", LoaderGuest.Path("host/hostdefault")).StandardOutput);
    }

    [SkippableFact]
    public void CallsAWindowsDll()
    {
        // The Windows host's counterpart of CallsHostLibc: msvcrt.dll's qsort, calling back into guest code, and strlen,
        // called as Win64 functions. The exit status is strlen(argument) when the numbers came back sorted (hostdll.c).
        Assert.Contains("Shared library: [libhost_msvcrt.dll]", LoaderGuest.Readelf("-d", "hostdll/hostdll"));
        foreach (var word in new[] { "hello-world", "abc" })
            LoaderGuest.AssertOutput(WindowsLane.Cli(["run", LoaderGuest.Path("hostdll/hostdll"), word]), word.Length);
    }

    [SkippableTheory, OnBothHosts]
    public void GuestRegistersReplacesAndDeregistersSyscalls(TargetHost host)
    {
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "sysreg/sysreg"), 0,
            "get before: null",
            "register returns previous: null",
            "call first: 2010",
            "replace returns first: yes",
            "get returns second: yes",
            "call second: -5",
            "after deregister: -38, get null",
            "register after deregister returns: null",
            "register 0 returns first: yes",
            "after register 0: -38",
            // Registered by libsysreg.so's constructor before main: 2001 * 1000 + 6 * 7.
            "library handler: 2001042, previous 0, get is the library's: yes",
            "mc_syscall6 returned 0x5eed",
            "handler saw num 2002, a 1, b -2, c 7fffffffffffffff, d 8000000000000000, e 1122334455667788, f -81985529216486895");
    }

    [SkippableTheory, OnBothHosts]
    public void LibraryUsingTlsRuns(TargetHost host)
    {
        Assert.Contains("TLS", LoaderGuest.Readelf("-l", "tls/libtls.so"));
        var result = LoaderGuest.Run(host, "tls/tls_user");
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}");   // the first bump of a zeroed counter
    }

    [SkippableTheory, OnBothHosts]
    public void ProgramUsingTlsRuns(TargetHost host)
    {
        Assert.Contains("TLS", LoaderGuest.Readelf("-l", "tls/tls_program"));
        var result = LoaderGuest.Run(host, "tls/tls_program");
        Assert.True(result.ExitCode == 4, $"exit {result.ExitCode}: {result.StandardError}");   // 3 + argc
    }

    [Fact]
    public void TlsWorksInProcessAndAgainInASecondInstance()
    {
        // Each instance has its own thread pointer slot, so the same program's code is redirected to each one's.
        for (int i = 0; i < 2; i++)
        {
            using var cosmos = new Cosmos();
            Assert.Equal(1, cosmos.Run(LoaderGuest.Path("tls/tls_user")));
        }
    }
}
