namespace Microcosm.Tests.Loading;

/// <summary>Which definition a reference binds to: scope order, interposition, weak symbols, versions. The theories run
/// on both hosts from the same files (docs/hosts.md).</summary>
public class LoaderSymbolTests
{
    public LoaderSymbolTests() => GuestBuild.Ensure();

    [SkippableTheory, OnBothHosts]
    public void ProgramInterposesLibraryFunctionsAndFirstLibraryBreadthFirstWins(TargetHost host)
    {
        // Scope: interpose, libinter_a, libinter_b, libinter_x, libinter_y, (C library and built-in), libinter_z.
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "interpose/interpose"), 0,
            "program calls who: program",
            "libinter_a calls who: program",
            "program calls dup_name: libinter_a",
            "libinter_b calls dup_name: libinter_a",
            "program calls bfs_name: libinter_y",
            "libinter_z calls bfs_name: libinter_y");
    }

    [Fact]
    public void InterpositionScopeIsBreadthFirst()
    {
        Assert.Contains("[libinter_z.so]", LoaderGuest.Readelf("-d", "interpose/libinter_x.so"));
        using var cosmos = new Cosmos();
        var program = cosmos.Load(LoaderGuest.Path("interpose/interpose"));
        // The program's DT_NEEDED in order (linked with --no-as-needed, so libmicrocosm.so is among
        // them), then what they need: libinter_x.so's libinter_z.so.
        Assert.Equal(["interpose", "libinter_a.so", "libinter_b.so", "libinter_x.so", "libinter_y.so", "libc.so", "libmicrocosm.so", "libinter_z.so"],
            program.Scope.Select(o => o.Name));
    }

    [SkippableTheory, OnBothHosts]
    public void InspectShowsTheBreadthFirstScope(TargetHost host)
    {
        // The same check through the CLI: inspect reports the guest objects in scope order (built-in ones it leaves out).
        var result = Run.Cli(host, ["inspect", LoaderGuest.Path("interpose/interpose")]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var objects = LoaderGuest.Lines(result.StandardOutput).Where(l => !l.StartsWith(' ')).Select(l => l[..l.IndexOf(':')]);
        Assert.Equal(["interpose", "libinter_a.so", "libinter_b.so", "libinter_x.so", "libinter_y.so", "libc.so", "libinter_z.so"], objects);
    }

    [SkippableTheory, OnBothHosts]
    public void FirstDefinitionInScopeWinsEvenIfWeak(TargetHost host)
    {
        // libweak_def.so (weak definitions) comes before libstrong_def.so: as with glibc, its weak
        // definitions win over the later strong ones, for every object. weak_value is also copied into
        // the program (a PIE with a COPY relocation) from the winning definition.
        Assert.Matches(@"WEAK +DEFAULT +\d+ pick", LoaderGuest.Readelf("--dyn-syms", "weak/libweak_def.so"));
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "weak/weak_first"), 0,
            "program: pick weak, weak_value 1",
            "libweak_def: pick weak, weak_value 1",
            "libstrong_def: pick weak",
            "weak reference to a definition in scope: 77",
            "weak reference to nothing: -1, variable null 1",
            "program weak references null: 1 1");
    }

    [SkippableTheory, OnBothHosts]
    public void StrongDefinitionEarlierInScopeOverridesWeakOne(TargetHost host)
    {
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "weak/strong_first"), 0,
            "program: pick strong, weak_value 2",
            "libweak_def: pick strong, weak_value 2",
            "libstrong_def: pick strong",
            "weak reference to a definition in scope: 77",
            "weak reference to nothing: -1, variable null 1",
            "program weak references null: 1 1");
    }

    [SkippableTheory, OnBothHosts]
    public void UndefinedWeakReferencesAreDynamicAndBindToNullOrToADefinition(TargetHost host)
    {
        // The references really are left to the loader (not resolved to 0 by the linker).
        string libraryRelocations = LoaderGuest.Readelf("-r", "weak/libweak_ref.so");
        Assert.Contains("optional_missing + 0", libraryRelocations);
        Assert.Contains("optional_present + 0", libraryRelocations);
        Assert.Contains("program_missing + 0", LoaderGuest.Readelf("-r", "weak/weak_first"));
        Assert.Matches(@"WEAK +DEFAULT +UND optional_missing\b", LoaderGuest.Readelf("--dyn-syms", "weak/libweak_ref.so"));
        var lines = LoaderGuest.Lines(LoaderGuest.Run(host, "weak/weak_first").StandardOutput);
        Assert.Contains("weak reference to a definition in scope: 77", lines);
        Assert.Contains("weak reference to nothing: -1, variable null 1", lines);
        Assert.Contains("program weak references null: 1 1", lines);
    }

    [SkippableTheory, OnBothHosts]
    public void InspectListsUndefinedWeakSymbols(TargetHost host)
    {
        var result = Run.Cli(host, ["inspect", LoaderGuest.Path("weak/weak_first")]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("undefined weak symbol: optional_missing (binds to 0)", result.StandardOutput);
        Assert.Contains("undefined weak symbol: program_missing (binds to 0)", result.StandardOutput);
        Assert.DoesNotContain("undefined weak symbol: optional_present", result.StandardOutput);
    }

    [Fact]
    public void VersionedLibraryHasTheExpectedVersions()
    {
        string symbols = LoaderGuest.Readelf("--dyn-syms", "ver/v2/libver.so");
        Assert.Contains("foo@VERS_1", symbols);
        Assert.Contains("foo@@VERS_2", symbols);
        Assert.DoesNotContain("secret", symbols);
        Assert.Contains("secret@@VERS_1", LoaderGuest.Readelf("--dyn-syms", "ver/v1/libver.so"));
        Assert.Contains("foo@VERS_2", LoaderGuest.Readelf("--dyn-syms", "ver/ver_new"));
        Assert.Contains("foo@VERS_1", LoaderGuest.Readelf("--dyn-syms", "ver/ver_old"));
    }

    [SkippableTheory, OnBothHosts]
    public void ProgramBindsToTheDefaultVersion(TargetHost host)
    {
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v2"], "ver/ver_new"), 0, "foo 2, bar 20");
    }

    [SkippableTheory, OnBothHosts]
    public void OlderProgramBindsToTheOldVersion(TargetHost host)
    {
        // Built against the library that only had VERS_1; with the new library it still gets foo@VERS_1.
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v1"], "ver/ver_old"), 0, "foo 1");
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v2"], "ver/ver_old"), 0, "foo 1");
    }

    [SkippableTheory, OnBothHosts]
    public void UnversionedProgramBindsToTheOldestVersion(TargetHost host)
    {
        // Built against a libver.so without versions: as with ld.so, an unversioned reference binds to
        // the oldest version (foo@VERS_1, although it is not the default), the one it was built against.
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v0"], "ver/ver_unversioned"), 0, "foo 0");
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v2"], "ver/ver_unversioned"), 0, "foo 1");
    }

    [SkippableTheory, OnBothHosts]
    public void SymbolInLocalVersionIsNotExported(TargetHost host)
    {
        LoaderGuest.AssertOutput(LoaderGuest.RunWithLibraryPath(host, ["ver/v1"], "ver/ver_secret"), 0, "secret 99");
        // The new library still defines secret() but its version script makes it local.
        string error = LoaderGuest.AssertLoadFailure(LoaderGuest.RunWithLibraryPath(host, ["ver/v2"], "ver/ver_secret"), "ver/ver_secret");
        Assert.Contains("unresolved symbol 'secret' version 'VERS_1'", error);
    }

    [SkippableTheory, OnBothHosts]
    public void MissingVersionFailsNamingIt(TargetHost host)
    {
        string error = LoaderGuest.AssertLoadFailure(LoaderGuest.RunWithLibraryPath(host, ["ver/v1"], "ver/ver_new"), "ver/ver_new");
        Assert.Contains("version 'VERS_2' not found in libver.so (required by ver_new)", error);
    }
}
