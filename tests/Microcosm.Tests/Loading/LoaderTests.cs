namespace Microcosm.Tests.Loading;

/// <summary>Dependency search, sharing, initializer order and the acceptance scenario. The theories run on both hosts
/// from the same files (docs/hosts.md); the acceptance scenario calls the host's glibc, so it runs on Linux only.</summary>
public class LoaderTests
{
    public LoaderTests() => GuestBuild.Ensure();

    /// <summary>What chain prints when everything is right: program, then top -> mid -> leaf.</summary>
    private static readonly string[] ChainOutput =
    [
        "preinit program (argc 1)",
        "init leaf",
        "init mid",
        "DT_INIT top",
        "init top",
        "init program 101",
        "init program 102",
        "top_value 111",
        "counter 1 2 3",
        "same leaf_bump yes",
        "fini program 102",
        "fini program 101",
        "fini top",
        "DT_FINI top",
        "fini mid",
        "fini leaf",
    ];

    [SkippableTheory, OnBothHosts]
    public void ThreeLevelChainFoundThroughRunpathOrigin(TargetHost host)
    {
        Assert.Contains("(RUNPATH)            Library runpath: [$ORIGIN]", LoaderGuest.Readelf("-d", "chain/chain"));
        Assert.Contains("(RUNPATH)            Library runpath: [$ORIGIN]", LoaderGuest.Readelf("-d", "chain/libtop.so"));
        // Run from another directory: $ORIGIN is the object's directory, not the working directory.
        var result = Run.Cli(host, ["run", LoaderGuest.Path("chain/chain")], workingDirectory: Path.GetTempPath());
        LoaderGuest.AssertOutput(result, 111, ChainOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void InitializersRunDependenciesFirstAndFinalizersInReverse(TargetHost host)
    {
        var lines = LoaderGuest.Lines(LoaderGuest.Run(host, "chain/chain").StandardOutput);
        // The program's .preinit_array before any library's initializer; within an object DT_INIT
        // before DT_INIT_ARRAY, DT_FINI_ARRAY before DT_FINI; constructor priorities in order.
        Assert.Equal(["preinit program (argc 1)", "init leaf", "init mid", "DT_INIT top", "init top", "init program 101", "init program 102"],
            lines[..7]);
        Assert.Equal(["fini program 102", "fini program 101", "fini top", "DT_FINI top", "fini mid", "fini leaf"], lines[^6..]);
        Assert.Contains("(PREINIT_ARRAY)", LoaderGuest.Readelf("-d", "chain/chain"));
        Assert.Contains("(INIT)", LoaderGuest.Readelf("-d", "chain/libtop.so"));
        Assert.Contains("(FINI)", LoaderGuest.Readelf("-d", "chain/libtop.so"));
    }

    [SkippableTheory, OnBothHosts]
    public void LibraryNeededTwiceIsLoadedOnce(TargetHost host)
    {
        // The program needs libleaf.so directly and through libtop.so -> libmid.so: one copy, one counter.
        string dynamic = LoaderGuest.Readelf("-d", "chain/chain");
        Assert.Contains("Shared library: [libtop.so]", dynamic);
        Assert.Contains("Shared library: [libleaf.so]", dynamic);
        var lines = LoaderGuest.Lines(LoaderGuest.Run(host, "chain/chain").StandardOutput);
        Assert.Contains("counter 1 2 3", lines);
        Assert.Contains("same leaf_bump yes", lines);
        Assert.Single(lines, l => l == "init leaf");
        Assert.Single(lines, l => l == "fini leaf");
    }

    [Fact]
    public void LibraryNeededTwiceIsInTheScopeOnce()
    {
        using var cosmos = new Cosmos();
        var program = cosmos.Load(LoaderGuest.Path("chain/chain"));
        Assert.Single(cosmos.Objects, o => o.Name == "libleaf.so");
        Assert.Single(program.Scope, o => o.Name == "libleaf.so");
        // Breadth-first: the program's own dependencies in DT_NEEDED order, then theirs: libtop.so's libmid.so, then the
        // C library's libmicrocosm.so.
        Assert.Equal(["chain", "libtop.so", "libleaf.so", "libc.so", "libmid.so", "libmicrocosm.so"], program.Scope.Select(o => o.Name));
    }

    [SkippableTheory, OnBothHosts]
    public void WithoutRunPathTheChainIsNotFound(TargetHost host)
    {
        Assert.DoesNotContain("PATH)", LoaderGuest.Readelf("-d", "chainlp/chain"));
        string error = LoaderGuest.AssertLoadFailure(LoaderGuest.Run(host, "chainlp/chain"), "chainlp/chain");
        Assert.Contains("cannot find dependency 'libtop.so' (needed by chain)", error);
    }

    [SkippableTheory, OnBothHosts]
    public void ChainFoundThroughLibraryPathOption(TargetHost host)
    {
        foreach (var lib in new[] { "libtop.so", "libmid.so", "libleaf.so" })
            Assert.DoesNotContain("PATH)", LoaderGuest.Readelf("-d", "chainlp/lib/" + lib));
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["chainlp/lib"], "chainlp/chain"), 111, ChainOutput);
        // Several directories are searched in order; -L is the short form.
        var result = Run.Cli(host, ["run", "-L", Path.GetTempPath(), "-L", LoaderGuest.Path("chainlp/lib"), LoaderGuest.Path("chainlp/chain")]);
        LoaderGuest.AssertOutput(result, 111, ChainOutput);
    }

    /// <summary>MICROCOSM_LIBRARY_PATH and LD_LIBRARY_PATH are host directories, split as the host splits PATH: a Windows list
    /// keeps its drives' ':' (the Windows row below runs one).</summary>
    [Fact]
    public void LibraryPathListsAreSplitAsTheHostSplitsItsPath()
    {
        Assert.Equal(["/a", "/b", "/c"], Microcosm.Loading.LibrarySearch.FromOptions(["/a"], ':', "/b:", "/c"));
        Assert.Equal([@"C:\libs", @"D:\more", @"E:\x"], Microcosm.Loading.LibrarySearch.FromOptions([], ';', @"C:\libs;D:\more", @"E:\x"));
    }

    /// <summary>The variable lists host directories as the host's PATH does: on Windows separated by ';', a drive's ':' kept.</summary>
    [SkippableTheory, OnBothHosts]
    public void ChainFoundThroughEnvironmentVariable(TargetHost host)
    {
        string list = host == TargetHost.Windows
            ? @"C:\windows;Z:" + LoaderGuest.Path("chainlp/lib").Replace('/', '\\')
            : Path.GetTempPath() + ":" + LoaderGuest.Path("chainlp/lib");
        var result = Run.Cli(host, ["run", LoaderGuest.Path("chainlp/chain")], new() { ["MICROCOSM_LIBRARY_PATH"] = list });
        LoaderGuest.AssertOutput(result, 111, ChainOutput);
    }

    [Fact]
    public void ChainFoundThroughLibraryPathInProcess()
    {
        var options = new CosmosOptions { UseEnvironmentLibraryPath = false };
        options.LibraryPath.Add(LoaderGuest.Path("chainlp/lib"));
        using var cosmos = new Cosmos(options);
        var program = cosmos.Load(LoaderGuest.Path("chainlp/chain"));
        Assert.Equal(LoaderGuest.Path("chainlp/lib/libmid.so"), program.Scope.Single(o => o.Name == "libmid.so").Path);
    }

    [SkippableTheory, OnBothHosts]
    public void ProgramRunpathDoesNotServeItsLibrariesDependencies(TargetHost host)
    {
        // DT_RUNPATH applies to the object's own DT_NEEDED only: libtop.so's libmid.so is not found.
        Assert.Contains("(RUNPATH)            Library runpath: [$ORIGIN/lib]", LoaderGuest.Readelf("-d", "chainlp/chain_runpath"));
        string error = LoaderGuest.AssertLoadFailure(LoaderGuest.Run(host, "chainlp/chain_runpath"), "chainlp/chain_runpath");
        Assert.Contains("cannot find dependency 'libmid.so' (needed by libtop.so)", error);
    }

    [SkippableTheory, OnBothHosts]
    public void ProgramRpathServesItsLibrariesDependencies(TargetHost host)
    {
        // The older DT_RPATH of the program is searched for every object's dependencies.
        Assert.Contains("(RPATH)              Library rpath: [$ORIGIN/lib]", LoaderGuest.Readelf("-d", "chainlp/chain_rpath"));
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "chainlp/chain_rpath"), 111, ChainOutput);
    }

    [Fact]
    public void AcceptanceScenario()
    {
        // A gcc-built program, a chain of three shared objects, the host's libc and libm, and
        // syscalls registered at run time by a library's constructor and by the program.
        string dynamic = LoaderGuest.Readelf("-d", "acceptance/acceptance");
        Assert.Contains("[libacc_top.so]", dynamic);
        Assert.Contains("[libhost_libc.so.6]", dynamic);
        Assert.Contains("[libhost_libm.so.6]", dynamic);
        Assert.Contains("[libmicrocosm.so]", dynamic);
        Assert.Contains("[libacc_mid.so]", LoaderGuest.Readelf("-d", "acceptance/libacc_top.so"));
        Assert.Contains("[libacc_leaf.so]", LoaderGuest.Readelf("-d", "acceptance/libacc_mid.so"));

        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "acceptance/acceptance", "0.5"), 42,
            "chain depth 3",
            "cos(angle) = 0.8776",
            "sqrt(2) = 1.4142",
            "syscall 3001 before registration: -38",
            "syscall 3001 after registration: 42",
            "store round trip: 1234");
        // The argument really reaches the host's cos(): a different angle, a different line.
        Assert.Contains("cos(angle) = 1.0000", LoaderGuest.Run(TargetHost.Linux, "acceptance/acceptance", "0").StandardOutput);
    }
}
