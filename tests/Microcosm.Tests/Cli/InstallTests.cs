namespace Microcosm.Tests.Cli;

/// <summary>
/// `make install PREFIX=DIR` (docs/install.md): the installed tree runs programs and builds them with nothing of the
/// build tree, and keeps doing so after it is moved - the CLI finds the SDK and modules from where it is, and the
/// interpreter that executables name finds the CLI from where it is.
/// </summary>
[Collection("make")]   // each runs make on the build tree: one at a time
public sealed class InstallTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>No variable that points back at the build tree: what the installed tree finds, it finds itself.</summary>
    private static readonly Dictionary<string, string> Unset = new() { ["MICROCOSM_SDK"] = "", ["MICROCOSM_MODULES"] = "" };

    [Fact]
    public void AnInstalledTreeRunsAndBuildsProgramsWhereverItIsMoved()
    {
        string first = Path.Combine(_scratch.Root, "first"), moved = Path.Combine(_scratch.Root, "moved");
        var install = Run.Process("make", ["-s", "install", $"PREFIX={first}"], timeoutSeconds: 600);
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        Assert.True(File.Exists(Path.Combine(first, "bin", "microcosm")));
        Assert.False(Directory.Exists(Path.Combine(first, "sdk", "hostlib")));   // a cache of the build tree's, not shipped
        Directory.Move(first, moved);
        string cli = Path.Combine(moved, "bin", "microcosm");

        // A program built elsewhere runs with the moved tree's C library and modules.
        var hello = Run.Process(cli, ["run", TestPaths.Example("hello"), "one"], Unset);
        Assert.True(hello.ExitCode == 0, hello.StandardError);
        Assert.Contains("Hello from Microcosm!", hello.StandardOutput);

        // The moved tree compiles, and what it links names its interpreter, which starts the program directly.
        string source = _scratch.File("greet.c"), program = _scratch.File("greet");
        File.WriteAllText(source, "#include <stdio.h>\nint main(int argc, char **argv) { printf(\"greetings, %s\\n\", argc > 1 ? argv[1] : \"?\"); return 3; }\n");
        var cc = Run.Process(cli, ["cc", "-O2", "-o", program, source], Unset);
        Assert.True(cc.ExitCode == 0, cc.StandardError);
        Assert.Equal(Path.Combine(moved, "sdk", "lib", "microcosm-interp"), ElfImage.Load(program).Interpreter);
        var direct = Run.Process(program, ["world"], Unset);
        Assert.Equal(3, direct.ExitCode);
        Assert.Equal("greetings, world\n", direct.StandardOutput);
    }

    [Fact]
    public void InstallWithoutAPrefixSaysWhatToGive()
    {
        var install = Run.Process("make", ["-s", "install"], timeoutSeconds: 600);
        Assert.NotEqual(0, install.ExitCode);
        Assert.Contains("make install: say where, e.g. make install PREFIX=/opt/microcosm", install.StandardError);
    }
}
