namespace Microcosm.Tests.Infrastructure;

/// <summary>Builds the guest test programs (tests/guest/Makefile, with `microcosm cc`) once per test run.</summary>
public static class GuestBuild
{
    private static readonly Lazy<string?> Failure = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Call before using any guest program; throws with make's output if the build failed.</summary>
    public static void Ensure()
    {
        if (Failure.Value is { } error) throw new InvalidOperationException("building the guest test programs failed:\n" + error);
    }

    private static string? Build()
    {
        if (!File.Exists(TestPaths.Cli)) return $"{TestPaths.Cli} is missing: run ./build.sh (test.sh does) first";
        Directory.CreateDirectory(TestPaths.Guests);
        var result = Run.Process("flock", [Path.Combine(TestPaths.Guests, ".lock"), "make", "-s", "-j2", "-C", Path.Combine(TestPaths.Root, "tests", "guest"),
            $"OUT={TestPaths.Guests}", $"MICROCOSM={TestPaths.Cli}"], environment: new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        return result.ExitCode == 0 ? null : result.StandardOutput + result.StandardError;
    }
}
