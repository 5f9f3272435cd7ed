namespace Microcosm.Tests.Infrastructure;

/// <summary>Runs the loader test guests (tests/guest/loader) and reads their ELF files. Most are built on the SDK's C
/// library and run on both hosts; those about host libraries call the host's own (glibc, or a DLL) and run on it only.</summary>
internal static class LoaderGuest
{
    public static string Path(string name) => TestPaths.Guest("loader/" + name);

    /// <summary>How <paramref name="host"/>'s microcosm names a guest file it found itself (through a run path): by the
    /// host's full path, which on Windows has a drive and <c>\</c> (under Wine the Linux root is drive Z:).</summary>
    public static string FoundPath(TargetHost host, string name) =>
        host == TargetHost.Windows ? "Z:" + Path(name).Replace('/', '\\') : Path(name);

    /// <summary>Runs a guest through <c>microcosm run</c> on <paramref name="host"/> (a subprocess, so its stdout is its own).</summary>
    public static ProcessResult Run(TargetHost host, string name, params string[] args) => Infrastructure.Run.Cli(host, ["run", Path(name), .. args]);

    /// <summary>Runs <c>microcosm run --library-path DIR... NAME</c> on <paramref name="host"/>.</summary>
    public static ProcessResult RunWithLibraryPath(TargetHost host, string[] libraryPath, string name, params string[] args) =>
        Infrastructure.Run.Cli(host, ["run", .. libraryPath.SelectMany(d => new[] { "--library-path", Path(d) }), Path(name), .. args]);

    /// <summary>The lines a guest printed (it ends each with a newline).</summary>
    public static string[] Lines(string output) => output.Split('\n').SkipLast(1).ToArray();

    /// <summary>Asserts a clean run: the exit status, nothing on stderr, and exactly these lines on stdout.</summary>
    public static void AssertOutput(ProcessResult result, int exitCode, params string[] lines)
    {
        Assert.Equal("", result.StandardError);
        Assert.Equal(lines, Lines(result.StandardOutput));
        Assert.Equal(exitCode, result.ExitCode);
    }

    /// <summary>Asserts a load failure: exit 126, nothing run, and one <c>microcosm: PROGRAM: reason</c> line.</summary>
    public static string AssertLoadFailure(ProcessResult result, string program)
    {
        Assert.Equal(126, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.StartsWith($"microcosm: {Path(program)}: ", result.StandardError);
        Assert.Single(Lines(result.StandardError));
        return result.StandardError;
    }

    /// <summary>readelf's output for a guest file (to check that the build produced what a test is about).</summary>
    public static string Readelf(string option, string name)
    {
        var result = Infrastructure.Run.Process("readelf", ["-W", option, Path(name)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }
}
