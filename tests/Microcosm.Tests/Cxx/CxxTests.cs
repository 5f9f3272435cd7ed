namespace Microcosm.Tests.Cxx;

/// <summary>
/// C++ guests (docs/cxx.md): programs built with <c>microcosm c++</c> against the SDK's libstdc++, each beside the same
/// source built by the host's g++ (tests/guest/cxx). Both link a C++ library of their own (libshapes.so), so that
/// exceptions, type information and static objects cross an object boundary. A test passes when the guest, run on
/// either host, prints what the native program prints, on standard output and standard error, and both end with 0.
/// </summary>
public class CxxTests
{
    public CxxTests() => GuestBuild.Ensure();

    /// <summary>With <paramref name="scratch"/>, each run is given a fresh scratch directory of its own, which it must
    /// leave empty; <paramref name="arguments"/> and <paramref name="environment"/> are given to both runs.</summary>
    private static void AssertPrintsAsNative(TargetHost host, string name, bool scratch = false, string[]? arguments = null,
        Dictionary<string, string>? environment = null, int status = 0)
    {
        string[] given = arguments ?? [];
        var native = InScratch(scratch, directory => Run.Process(TestPaths.Guest($"cxx/{name}-native"), [.. given, .. directory], environment, timeoutSeconds: 60));
        Assert.True(native.ExitCode == status, $"native exit {native.ExitCode}: {native.StandardOutput}{native.StandardError}");
        var guest = InScratch(scratch, directory => Run.Cli(host, ["run", TestPaths.Guest($"cxx/{name}"), .. given, .. directory], environment, timeoutSeconds: 120));
        Assert.True(guest.ExitCode == status, $"exit {guest.ExitCode}: {guest.StandardOutput}{guest.StandardError}");
        Assert.True(native.StandardOutput == guest.StandardOutput,
            $"differs from native\n--- native:\n{native.StandardOutput}\n--- under microcosm:\n{guest.StandardOutput}\n--- its stderr:\n{guest.StandardError}");
        Assert.Equal(native.StandardError, guest.StandardError);
    }

    private static ProcessResult InScratch(bool scratch, Func<string[], ProcessResult> run)
    {
        if (!scratch) return run([]);
        string directory = Directory.CreateTempSubdirectory("microcosm-cxx-").FullName;
        try
        {
            var result = run([directory]);
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
            return result;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Thrown and caught through frames with destructors, rethrown, nested, as exception_ptr, from a
    /// constructor and from libstdc++; across the shared library both ways; from a plug-in opened with dlopen, on two
    /// threads; on four threads at once; RTTI.</summary>
    [SkippableTheory, OnBothHosts]
    public void ExceptionsAndTypeInformationBehaveAsNative(TargetHost host) => AssertPrintsAsNative(host, "exceptions");

    /// <summary>Static objects of the program and its library made before main and destroyed after it in reverse,
    /// with atexit between; a function-local static raced for by eight threads; thread_local destructors.</summary>
    [SkippableTheory, OnBothHosts]
    public void StaticAndThreadLocalObjectsAreMadeAndDestroyedAsNative(TargetHost host) => AssertPrintsAsNative(host, "statics");

    /// <summary>std::thread, mutex, condition_variable (wait_for's timeout too), atomic, async and future, promise,
    /// call_once, shared_mutex, sleep_for on the steady clock.</summary>
    [SkippableTheory, OnBothHosts]
    public void ThreadsMutexesConditionsAndFuturesBehaveAsNative(TargetHost host) => AssertPrintsAsNative(host, "threads");

    /// <summary>iostreams and string streams, strings, containers, regex, random, chrono and the calendar, and
    /// filesystem (a tree made, filled, walked and removed in a scratch directory).</summary>
    [SkippableTheory, OnBothHosts]
    public void IostreamsContainersChronoAndFilesystemBehaveAsNative(TargetHost host) => AssertPrintsAsNative(host, "library", scratch: true);

    /// <summary>An exception nobody catches, thrown in main or in a std::thread: std::terminate's message on stderr and
    /// abort's status (128 + SIGABRT), as natively.</summary>
    [SkippableTheory, OnBothHosts]
    public void AnUncaughtExceptionTerminatesAsNative(TargetHost host)
    {
        AssertPrintsAsNative(host, "uncaught", status: 134);
        AssertPrintsAsNative(host, "uncaught", arguments: ["thread"], status: 134);
    }

    /// <summary>std::locale("") where the environment says C.UTF-8 (as most do): the C locale, named C.UTF-8; an unknown
    /// name throws.</summary>
    [SkippableTheory, OnBothHosts]
    public void LocaleFromAnEnvironmentOfCUtf8(TargetHost host)
    {
        var environment = new Dictionary<string, string> { ["LANG"] = "C.UTF-8" };
        foreach (var category in new[] { "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES" })
            environment[category] = "";   // empty is unset, to glibc and libstdc++ alike
        AssertPrintsAsNative(host, "locale", environment: environment);
    }
}
