namespace Microcosm.Tests;

/// <summary>
/// The guest C library (newlib for Microcosm, guest/libc): ordinary C programs built with
/// <c>microcosm cc</c> and run with <c>microcosm run</c>. Each program checks its own results and
/// prints "FILE: ok"; a failed check prints where and what on stderr.
/// </summary>
public class LibcTests
{
    public LibcTests() => GuestBuild.Ensure();

    private static void AssertPasses(ProcessResult result, string name)
    {
        Assert.True(result.ExitCode == 0, $"{name} exited {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Equal("", result.StandardError);
        Assert.Contains($"{name}.c: ok", result.StandardOutput);
    }

    [Fact]
    public void PrintfScanfStrtodQsortAndMath() => AssertPasses(Run.Guest("libc/formats"), "formats");

    [Fact]
    public void FileRoundTripsSeeksAndDirectoryListing()
    {
        string scratch = Directory.CreateTempSubdirectory("microcosm-libc-").FullName;
        try
        {
            AssertPasses(Run.Guest("libc/files", scratch), "files");
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void EnvironmentArgumentsAndTime()
    {
        var result = Run.Cli(["run", TestPaths.Guest("libc/environment"), "one", "two words"],
            new Dictionary<string, string> { ["MC_TEST_VALUE"] = "hello world" });
        AssertPasses(result, "environment");
    }

    [Fact]
    public void ThreadsErrnoMallocLocksConditionsKeysAndDetach() =>
        AssertPasses(Run.Cli(["run", TestPaths.Guest("libc/threads")], null, timeoutSeconds: 120), "threads");

    [Fact]
    public void ExitFromAnotherThreadFlushesStdioAndRunsAtexit()
    {
        var result = Run.Guest("libc/exit_thread");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("main says hi;pending output from thread [atexit ran]", result.StandardOutput);
    }
}
