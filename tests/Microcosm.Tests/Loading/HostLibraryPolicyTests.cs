using Microcosm.Loading;

namespace Microcosm.Tests.Loading;

/// <summary>
/// The host-library policy (docs/policy.md): --[module-]allow-host-lib / --[module-]deny-host-lib and
/// CosmosOptions.ProgramHostLibraries / ModuleHostLibraries decide which libhost_ dependencies load.
/// </summary>
public class HostLibraryPolicyTests
{
    public HostLibraryPolicyTests() => GuestBuild.Ensure();

    private static ProcessResult RunHostLib(params string[] options) =>
        Run.Cli(["run", .. options, LoaderGuest.Path("host/hostlib"), "x"], null);

    [Fact]
    public void WithoutRulesEverythingLoads() =>
        LoaderGuest.AssertOutput(RunHostLib(), 19, // the sorted text's length
            "sorted: -7 0 3 19 19 42 100 (19 characters)", "strlen(\"x\") = 1", "strcmp: 1");

    [Fact]
    public void DenyRuleRefusesTheProgramsHostLibraryAndNamesLibraryObjectAndRule()
    {
        var result = RunHostLib("--deny-host-lib", "libc*");
        string error = LoaderGuest.AssertLoadFailure(result, "host/hostlib");
        Assert.Equal($"microcosm: {LoaderGuest.Path("host/hostlib")}: host library 'libc.so.6' (libhost_libc.so.6, needed by hostlib) "
            + "is refused by the program host-library policy: deny rule 'libc*'\n", error);
    }

    [Fact]
    public void TheProgramIsRefusedALibraryTheModulesAlreadyOpened()
    {
        // The standard modules opened libhost_libc.so.6 first; sharing it must not bypass the program's rule.
        var result = RunHostLib("--allow-host-lib", "libm.so.6");
        string error = LoaderGuest.AssertLoadFailure(result, "host/hostlib");
        Assert.EndsWith("is refused by the program host-library policy: no allow rule matches it (allowed: 'libm.so.6')\n", error);
        Assert.Contains("'libc.so.6' (libhost_libc.so.6, needed by hostlib)", error);
    }

    [Fact]
    public void AllowRuleThatMatchesLetsTheProgramRun()
    {
        var result = RunHostLib("--allow-host-lib", "libm.so.6", "--allow-host-lib", "libc.so.?");
        Assert.Equal("", result.StandardError);
        Assert.Equal(19, result.ExitCode);
    }

    [Fact]
    public void DenyBeatsAllow()
    {
        var result = RunHostLib("--allow-host-lib", "*", "--deny-host-lib", "libc.so.6");
        Assert.EndsWith("policy: deny rule 'libc.so.6'\n", LoaderGuest.AssertLoadFailure(result, "host/hostlib"));
    }

    [Fact]
    public void ADependencysHostLibraryIsRefusedNamingThatDependency()
    {
        // acceptance -> libacc_top.so -> libacc_mid.so, which needs libhost_libc.so.6; the program itself needs libm too.
        var result = Run.Cli("run", "--allow-host-lib", "libm.so.6", LoaderGuest.Path("acceptance/acceptance"));
        Assert.Equal(126, result.ExitCode);
        Assert.Matches(@"^microcosm: \S+/acceptance: (\S+/libacc_(top|mid)\.so: )?host library 'libc\.so\.6' \(libhost_libc\.so\.6, needed by (acceptance|libacc_top\.so|libacc_mid\.so)\) "
            + @"is refused by the program host-library policy: no allow rule matches it \(allowed: 'libm\.so\.6'\)\n$", result.StandardError);
    }

    [Fact]
    public void TheDefaultScopeIsNamedDotSo()
    {
        var result = Run.Cli("run", "--deny-host-lib", ".so", LoaderGuest.Path("host/hostdefault"), "abc");
        Assert.EndsWith("host library '.so' (libhost_.so, needed by hostdefault) is refused by the program host-library policy: deny rule '.so'\n",
            LoaderGuest.AssertLoadFailure(result, "host/hostdefault"));
    }

    [Fact]
    public void ProgramRulesDoNotApplyToModules()
    {
        // The standard modules need libc.so.6; denying every host library to the program leaves them alone.
        var result = Run.Cli("run", "--deny-host-lib", "*", TestPaths.Guest("errors/good"));
        Assert.Equal("", result.StandardError);
        Assert.Equal(7, result.ExitCode); // it ran, after the modules (which need libc.so.6) loaded
    }

    [Fact]
    public void ModuleRuleRefusesAStandardModulesLibc()
    {
        string program = TestPaths.Guest("errors/good");
        var result = Run.Cli("run", "--module-deny-host-lib", "libc.so.6", program);
        Assert.Equal(126, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Matches($@"^microcosm: {System.Text.RegularExpressions.Regex.Escape(program)}: \S+/libmc-[a-z]+\.so: host library 'libc\.so\.6' "
            + @"\(libhost_libc\.so\.6, needed by libmc-[a-z]+\.so\) is refused by the module host-library policy: deny rule 'libc\.so\.6'\n$",
            result.StandardError);
    }

    [Fact]
    public void ModuleAllowListWithLibcKeepsTheStandardModulesWorkingAndLeavesTheProgramFree()
    {
        var result = Run.Cli("run", "--module-allow-host-lib", "libc.so.6", LoaderGuest.Path("host/hostlibm"), "2");
        Assert.Equal("", result.StandardError);
        Assert.Equal(20, result.ExitCode); // the program uses libm, which only the module list leaves out
    }

    [Fact]
    public void EmptyPatternIsAUsageError()
    {
        var result = Run.Cli("run", "--deny-host-lib", "", TestPaths.Guest("errors/good"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("host-library pattern is empty", result.StandardError);
    }

    [Fact]
    public void LibraryApiRefusesWithALoadException()
    {
        var options = new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory ?? Path.Combine(TestPaths.Build, "modules") };
        options.ProgramHostLibraries.Allow.Add("libz.so.*");
        using var cosmos = new Cosmos(options);
        var ex = Assert.Throws<LoadException>(() => cosmos.Run(LoaderGuest.Path("host/hostlib")));
        Assert.Equal(LoaderGuest.Path("host/hostlib"), ex.File);
        Assert.Equal("host library 'libc.so.6' (libhost_libc.so.6, needed by hostlib) is refused by the program host-library policy: "
            + "no allow rule matches it (allowed: 'libz.so.*')", ex.Reason);
        Assert.DoesNotContain(cosmos.Objects, o => o.Path == LoaderGuest.Path("host/hostlib")); // nothing of the failed load stays
    }

    [Fact]
    public void LibraryApiModulePolicy()
    {
        var options = new CosmosOptions { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") };
        options.ModuleHostLibraries.Deny.Add("*");
        using var cosmos = new Cosmos(options);
        var ex = Assert.Throws<LoadException>(cosmos.StartModules);
        Assert.Matches(@"is refused by the module host-library policy: deny rule '\*'$", ex.Reason);
    }

    [Theory]
    [InlineData("libc.so.6", "libc.so.6", true)]
    [InlineData("libz*", "libz.so.1", true)]
    [InlineData("libz*", "libzstd.so.1", true)]
    [InlineData("lib?.so.6", "libm.so.6", true)]
    [InlineData("lib?.so.6", "libc.so.60", false)]
    [InlineData("LIBC*", "libc.so.6", false)]
    [InlineData("libc", "libc.so.6", false)]
    [InlineData("*", "/usr/lib/libz.so", true)]
    [InlineData(@"lib\*", "libx", false)]
    public void PatternsAreWholeNameGlobs(string pattern, string name, bool matches) =>
        Assert.Equal(matches, HostLibraryPolicy.Matches(pattern, name));
}
