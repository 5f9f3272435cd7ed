namespace Microcosm.Tests.Loading;

/// <summary>Relocation kinds and object flavours: COPY, IFUNC, RELR, hash styles, binding modes, non-PIE. The theories run
/// on both hosts from the same files (docs/hosts.md); the non-PIE programs on Linux only, as their fixed address is
/// taken under Wine (docs/hosts.md, "Loading").</summary>
public class LoaderRelocationTests
{
    public LoaderRelocationTests() => GuestBuild.Ensure();

    /// <summary>copy/PROGRAM (of type <paramref name="type"/>) copies libcopy.so's three variables and shares them with it.</summary>
    private static void AssertCopyRelocationsShareTheVariables(TargetHost host, string program, string type)
    {
        Assert.Contains($"Type:                              {type}", LoaderGuest.Readelf("-h", program));
        string relocations = LoaderGuest.Readelf("-r", program);
        foreach (var name in new[] { "copy_counter", "copy_table", "copy_message" })
            Assert.Matches($@"R_X86_64_COPY +[0-9a-f]+ {name} \+ 0", relocations);
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, program), 0,
            "initial 42, table 10 20 30 40, message 'hello from libcopy'",
            "program wrote 100, library reads 100",
            "library wrote 7, program reads 7",
            "library sums the table: 1060",
            "same address: yes",
            "library sees message 'changed by the program'");
    }

    [Fact]
    public void CopyRelocationsShareTheVariableWithTheLibrary() =>
        AssertCopyRelocationsShareTheVariables(TargetHost.Linux, "copy/copy", "EXEC");

    [SkippableTheory, OnBothHosts]
    public void CopyRelocationsInAPieShareTheVariableWithTheLibrary(TargetHost host) =>
        AssertCopyRelocationsShareTheVariables(host, "copy/copy_pie", "DYN");

    [SkippableFact]
    public void CopyRelocationOfDllDataIsRefusedOnWindows()
    {
        // dllcopy reads msvcrt.dll's __argc through a COPY relocation (linked against a stub libhost_msvcrt.dll). A PE
        // export is an address with no size, so the Windows host cannot check the copy and refuses it, naming the
        // symbol, before anything runs (docs/hosts.md, "Loading"). Windows only: Linux has no msvcrt.dll to load.
        Assert.Matches(@"R_X86_64_COPY +[0-9a-f]+ __argc \+ 0", LoaderGuest.Readelf("-r", "dllcopy/dllcopy"));
        string program = LoaderGuest.Path("dllcopy/dllcopy");
        Expect.CannotLoad(WindowsLane.Cli(["run", program]), program, 126,
            "COPY relocation of '__argc' from host library msvcrt.dll, which does not say how large it is");
    }

    private static readonly string[] IfuncOutput =
    [
        "scale(3) = 30",
        "scale via pointer(4) = 40, via data pointer(5) = 50",
        "library calls scale(6) = 60",
        "twice(21) = 42, via pointer 16",
        "resolver ran: yes",
    ];

    [SkippableTheory, OnBothHosts]
    public void IfuncInLibraryAndProgram(TargetHost host)
    {
        Assert.Matches(@"IFUNC +GLOBAL +DEFAULT +\d+ scale", LoaderGuest.Readelf("--dyn-syms", "ifunc/libifunc.so"));
        string relocations = LoaderGuest.Readelf("-r", "ifunc/ifunc");
        Assert.Matches(@"R_X86_64_GLOB_DAT +0+ scale \+ 0", relocations);
        Assert.Contains("R_X86_64_IRELATIVE", relocations);
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "ifunc/ifunc"), 0, IfuncOutput);
    }

    [Fact]
    public void IfuncInNonPieProgram()
    {
        string relocations = LoaderGuest.Readelf("-r", "ifunc/ifunc_nopie");
        Assert.Matches(@"R_X86_64_JUMP_SLOT +[0-9a-f]+ scale \+ 0", relocations);
        Assert.Contains("R_X86_64_IRELATIVE", relocations);
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "ifunc/ifunc_nopie"), 0, IfuncOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void RelrRelocatedPointerTables(TargetHost host)
    {
        foreach (var name in new[] { "relr/relr", "relr/librelr.so" })
        {
            Assert.Contains("(RELR)", LoaderGuest.Readelf("-d", name));
            // Every relative relocation went into DT_RELR: the tables are right only if it was applied.
            Assert.DoesNotContain("R_X86_64_RELATIVE", LoaderGuest.Readelf("-r", name));
        }
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, "relr/relr"), 0,
            "program pointers right: 220 of 220",
            "library pointers right: 220 of 220",
            "library strings: alpha beta gamma");
    }

    [SkippableTheory]
    [OnBothHosts("sysv-now", true, false, true)]
    [OnBothHosts("sysv-lazy", true, false, false)]
    [OnBothHosts("gnu-now", false, true, true)]
    [OnBothHosts("gnu-lazy", false, true, false)]
    [OnBothHosts("both-lazy", true, true, false)]
    public void HashStylesAndBindingModes(TargetHost host, string variant, bool sysvHash, bool gnuHash, bool now)
    {
        foreach (var name in new[] { $"hash/{variant}/hash", $"hash/{variant}/libhash.so" })
        {
            string dynamic = LoaderGuest.Readelf("-d", name);
            Assert.Equal(sysvHash, dynamic.Contains("(HASH)"));
            Assert.Equal(gnuHash, dynamic.Contains("(GNU_HASH)"));
            Assert.Equal(now, dynamic.Contains("BIND_NOW"));
        }
        // The program's calls go through PLT slots (R_X86_64_JUMP_SLOT in DT_JMPREL), lazy or not.
        Assert.Contains("(JMPREL)", LoaderGuest.Readelf("-d", $"hash/{variant}/hash"));
        Assert.Contains("R_X86_64_JUMP_SLOT", LoaderGuest.Readelf("-r", $"hash/{variant}/hash"));
        // 60 functions called through the PLT, bound at load whatever the mode: sum of n * n + 1 for n in 10..69.
        LoaderGuest.AssertOutput(LoaderGuest.Run(host, $"hash/{variant}/hash"), 0, "sum 111670, data 12345");
    }

    [Fact]
    public void NonPieExecutableAtItsFixedAddress()
    {
        Assert.Contains("Type:                              EXEC", LoaderGuest.Readelf("-h", "nonpie/nonpie"));
        Assert.Contains("type: ET_EXEC", Run.Cli("inspect", LoaderGuest.Path("nonpie/nonpie")).StandardOutput);
        // np_add's address taken by the program is its canonical PLT entry (an undefined symbol with a value).
        Assert.Matches(@"[1-9a-f][0-9a-f]* +0 FUNC +GLOBAL +DEFAULT +UND np_add\b", LoaderGuest.Readelf("--dyn-syms", "nonpie/nonpie"));
        // Its position-independent part refers to np_add twice: for its address (GLOB_DAT, which binds to
        // the canonical entry) and for a call (JUMP_SLOT, which must not: it would jump to itself forever).
        string relocations = LoaderGuest.Readelf("-r", "nonpie/nonpie");
        Assert.Matches(@"R_X86_64_GLOB_DAT +[0-9a-f]+ np_add\b", relocations);
        Assert.Matches(@"R_X86_64_JUMP_SLO[T]? +[0-9a-f]+ np_add\b", relocations);
        LoaderGuest.AssertOutput(LoaderGuest.Run(TargetHost.Linux, "nonpie/nonpie"), 9,
            "load base 0",
            "main below 0x1000000: yes",
            "np_add(2, 3) = 5",
            "callback: 42, library function through pointer: 13",
            "same np_add address: yes",
            "through the GOT: same, through the PLT: 42",
            "fixed address");
    }

    [SkippableFact]
    public void NonPieExecutablesAreRefusedUnderWine()
    {
        // Wine keeps 0x400000, the linker's default address, so the Windows lane refuses the non-PIE programs the Linux
        // one runs, before anything runs (docs/hosts.md, "Loading").
        foreach (var name in new[] { "nonpie/nonpie", "copy/copy", "ifunc/ifunc_nopie" })
            Expect.CannotLoad(WindowsLane.Cli(["run", LoaderGuest.Path(name)]), LoaderGuest.Path(name), 126,
                "cannot map ET_EXEC executable at its fixed address 0x400000");
    }

    [Fact]
    public void NonPieExecutableReportsNoUnresolvedSymbols()
    {
        var result = Run.Cli("inspect", LoaderGuest.Path("nonpie/nonpie"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("needs libnonpie.so => guest " + LoaderGuest.Path("nonpie/libnonpie.so"), result.StandardOutput);
        Assert.DoesNotContain("unresolved", result.StandardOutput);
    }
}
