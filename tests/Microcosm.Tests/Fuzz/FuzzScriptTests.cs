using System.Runtime.Versioning;

namespace Microcosm.Tests.Fuzz;

/// <summary>
/// <c>fuzz/run.sh</c> (docs/fuzzing.md) on a fresh clone. The real run needs afl++ and minutes, so the script
/// runs here in a scratch tree with stand-ins: <c>build.sh</c> and the guest tests' Makefile, and on PATH
/// <c>afl-fuzz</c> and a <c>dotnet</c> whose "published" fuzz target prints what it was given.
/// </summary>
[SupportedOSPlatform("linux")] // a bash script, as the fuzzer runs
public sealed class FuzzScriptTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>Was: with no build/tests/guest (only ./build.sh run), a `find` failed under `set -e` and
    /// `pipefail` and the script exited 1 without a word. Now it builds the guest test programs first.</summary>
    [Fact]
    public void ReplayOnAFreshCloneBuildsTheGuestTestsAndFindsTheirLibraries()
    {
        string root = _scratch.Directory("clone");
        Directory.CreateDirectory(Path.Combine(root, "fuzz"));
        File.Copy(Path.Combine(TestPaths.Root, "fuzz", "run.sh"), Path.Combine(root, "fuzz", "run.sh"));
        Script(Path.Combine(root, "build.sh"), "exit 0");
        Directory.CreateDirectory(Path.Combine(root, "tests", "guest"));
        File.WriteAllText(Path.Combine(root, "tests", "guest", "Makefile"),
            "all:\n\tmkdir -p $(OUT)/plugins && touch $(OUT)/plugins/libplugin.so\n");
        string tools = _scratch.Directory("tools");
        Script(Path.Combine(tools, "afl-fuzz"), "exit 0");
        Script(Path.Combine(tools, "dotnet"), """
            out=""
            while [ $# -gt 0 ]; do [ "$1" = "-o" ] && out="$2"; shift; done
            mkdir -p "$out"
            printf '#!/bin/sh\necho "replay $*"\necho "libraries=$MICROCOSM_FUZZ_LIBRARIES"\n' > "$out/Microcosm.Fuzz"
            chmod +x "$out/Microcosm.Fuzz"
            """);

        var result = Run.Process(Path.Combine(root, "fuzz", "run.sh"), ["--replay", "input"],
            new() { ["PATH"] = $"{tools}:{Environment.GetEnvironmentVariable("PATH")}" }, timeoutSeconds: 60, workingDirectory: root);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}, stderr:\n{result.StandardError}");
        Assert.Contains("fuzz: building the guest test programs", result.StandardError);
        Assert.Contains("replay --replay input\n", result.StandardOutput);
        Assert.Matches($@"libraries=.*:{System.Text.RegularExpressions.Regex.Escape(root)}/build/tests/guest/plugins(:|\n)", result.StandardOutput);
    }

    private static void Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
