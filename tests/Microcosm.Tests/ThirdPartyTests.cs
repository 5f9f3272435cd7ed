namespace Microcosm.Tests;

/// <summary>
/// Well-known C code bases, unmodified, built with <c>microcosm cc</c> (build flags only) and passing
/// their own test suites under <c>microcosm run</c>. The sources come from Debian's source packages
/// (tests/thirdparty/debian-source.sh).
/// </summary>
public class ThirdPartyTests
{
    [Fact]
    public void ZlibBuildsAndPassesItsOwnTests()
    {
        var result = Run.Process("bash", [Path.Combine(TestPaths.Root, "tests", "thirdparty", "zlib.sh"), Path.Combine(TestPaths.Build, "thirdparty")],
            new() { ["MICROCOSM_SDK"] = TestPaths.Sdk }, timeoutSeconds: 600);
        Assert.True(result.ExitCode == 0, $"zlib.sh exited {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        // zlib's Makefile prints this when its minigzip round trip and its example program both pass.
        Assert.Contains("*** zlib test OK ***", result.StandardOutput);
        Assert.DoesNotContain("FAILED", result.StandardOutput);
    }
}
