namespace Microcosm.Tests.Cli;

/// <summary>
/// `make tool` (docs/install.md): the CLI as a dotnet tool, installed as a user installs it - from a package feed, by
/// `dotnet tool install` - runs programs, builds them, and what it links starts directly through the interpreter the
/// tool carries, which finds the tool's executable beside its SDK. Nothing of the build tree is named.
/// </summary>
[Collection("make")]   // it runs make on the build tree: one at a time
public sealed class ToolTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TheDotnetToolInstallsAndRunsAndBuildsPrograms()
    {
        string feed = _scratch.Directory("feed"), tools = Path.Combine(_scratch.Root, "tools");
        var pack = Run.Process("make", ["-s", "tool", $"TOOL_OUT={feed}"], timeoutSeconds: 900);
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        // Its own package folder: a package of the same version left in the machine's by an earlier run would be taken
        // instead of this one.
        var environment = new Dictionary<string, string>
        {
            ["MICROCOSM_SDK"] = "", ["MICROCOSM_MODULES"] = "", ["NUGET_PACKAGES"] = _scratch.Directory("packages"),
        };
        var install = Run.Process("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "Microcosm.Cli"],
            environment, timeoutSeconds: 300);
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        string cli = Path.Combine(tools, "microcosm");

        var hello = Run.Process(cli, ["run", TestPaths.Example("hello"), "one"], environment);
        Assert.True(hello.ExitCode == 0, hello.StandardError);
        Assert.Contains("Hello from Microcosm!", hello.StandardOutput);

        // It compiles; what it links names the tool's interpreter, which starts the program, and the program forks.
        string source = _scratch.File("greet.c"), program = _scratch.File("greet");
        File.WriteAllText(source, """
            #include <stdio.h>
            #include <sys/wait.h>
            #include <unistd.h>
            int main(int argc, char **argv)
            {
                pid_t child = fork();
                if (child == 0) return 7;
                int status;
                waitpid(child, &status, 0);
                printf("greetings, %s (child %d)\n", argc > 1 ? argv[1] : "?", WEXITSTATUS(status));
                return 3;
            }
            """);
        var cc = Run.Process(cli, ["cc", "-O2", "-o", program, source], environment);
        Assert.True(cc.ExitCode == 0, cc.StandardError);
        string interpreter = ElfImage.Load(program).Interpreter!;
        Assert.StartsWith(tools + "/", interpreter);
        Assert.EndsWith("/sdk/lib/microcosm-interp", interpreter);
        var direct = Run.Process(program, ["world"], environment);
        Assert.Equal(3, direct.ExitCode);
        Assert.Equal("greetings, world (child 7)\n", direct.StandardOutput);
    }
}
