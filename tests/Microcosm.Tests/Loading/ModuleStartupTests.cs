namespace Microcosm.Tests.Loading;

/// <summary>Module start-up: microcosm-modules.so and its dependencies, loaded and initialized before the program.</summary>
public class ModuleStartupTests
{
    public ModuleStartupTests() => GuestBuild.Ensure();

    private static string Dir(string name) => TestPaths.Guest("startup/" + name);

    private static ProcessResult RunWith(string modules, string program) =>
        Run.Cli("run", "--modules", Dir(modules), Dir(program));

    [Fact]
    public void ModulesInitializeDependenciesFirstBeforeTheProgram()
    {
        var result = RunWith("modules", "order");
        Assert.Equal("", result.StandardError);
        Assert.Equal(0, result.ExitCode);
        // modC before modA and modB (their dependency), the root last.
        Assert.Equal("order CABR\nmain 3 thread 2\n", result.StandardOutput);
    }

    [Fact]
    public void ModuleDirectoryFromTheEnvironment()
    {
        var result = Run.Cli(["run", Dir("order")], new() { ["MICROCOSM_MODULES"] = Dir("modules") });
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("order CABR\n", result.StandardOutput);
    }

    [Fact]
    public void ModuleSymbolsAreHiddenFromPrograms()
    {
        var result = RunWith("modules", "invisible");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("modb_value hidden, modc_log hidden\n", result.StandardOutput);
    }

    [Fact]
    public void ProgramDependingOnAModuleSharesItsCopy()
    {
        var result = RunWith("modules", "shared");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("same yes, value 42, constructed 1\n", result.StandardOutput);
    }

    [Fact]
    public void CopyRelocationAgainstAModuleIsRefusedClearly()
    {
        var result = RunWith("modules", "shared-copy");
        Assert.Equal(126, result.ExitCode);
        Assert.Matches("COPY relocation of 'modb_(state|constructed)' from libmodB.so", result.StandardError);
        Assert.Contains("-fPIC -Wl,-z,nocopyreloc", result.StandardError);
    }

    [Fact]
    public void MissingModuleDependencyIsNamed()
    {
        var result = RunWith("broken", "order");
        Assert.Equal(126, result.ExitCode);
        Assert.Contains("microcosm-modules.so: cannot find dependency 'libmissing.so' (needed by microcosm-modules.so)", result.StandardError);
        Assert.StartsWith($"microcosm: {Dir("order")}: ", result.StandardError);
    }

    [Fact]
    public void MissingModuleDirectoryIsNamed()
    {
        var result = Run.Cli("run", "--modules", "/nonexistent/modules", Dir("order"));
        Assert.Equal(126, result.ExitCode);
        Assert.Contains("no microcosm-modules.so in the module directory /nonexistent/modules", result.StandardError);
    }

    [Fact]
    public void InspectShowsTheTableAfterStartup()
    {
        var result = Run.Cli("inspect", "--syscalls", "--modules", Dir("modules"));
        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n');
        Assert.Contains(lines, l => l.Trim() == "-1  mc_register          core");
        Assert.Contains(lines, l => l.Trim() == "5000  syscall_5000         libmodC.so");
        Assert.Contains(lines, l => l.Trim() == "5001  syscall_5001         libmodA.so");
        Assert.Contains(lines, l => l.Trim() == "5002  syscall_5002         libmodB.so");
    }

    [Fact]
    public void EmbedderStartsModulesAndSeesTheirTable()
    {
        using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Dir("modules") });
        Assert.Equal(0, cosmos.Syscalls.Get(5001));
        cosmos.StartModules();
        Assert.NotEqual(0, cosmos.Syscalls.Get(5001));
        // Breadth-first: the root's dependencies (it links --no-as-needed, so libmicrocosm.so too), then modA's.
        Assert.Equal(["microcosm-modules.so", "libmodA.so", "libmodB.so", "libmicrocosm.so", "libmodC.so"], cosmos.Modules!.Scope.Select(o => o.Name));
        Assert.Equal(0, cosmos.ThreadCount); // the start-up thread has ended and been freed
    }
}
