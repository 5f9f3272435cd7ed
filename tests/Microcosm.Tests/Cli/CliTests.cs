using System.Text.RegularExpressions;

namespace Microcosm.Tests.Cli;

/// <summary>
/// What the CLI does, seen from outside: `run` (arguments, exit status, --trace), `inspect`, `cc`
/// (gcc's options, --host-lib) and --help. The guest programs are in tests/guest/errors.
/// </summary>
public sealed partial class CliTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public CliTests() => GuestBuild.Ensure();

    public void Dispose() => _scratch.Dispose();

    private static string Guest(string name) => TestPaths.Guest("errors/" + name);

    // --- run ------------------------------------------------------------------------------------------

    [Fact]
    public void RunPassesTheGuestsArgumentsThroughEvenWhenTheyLookLikeOptions()
    {
        string[] args = ["--foo", "-x", "--trace", "--library-path", "/nowhere", "--", "two words", "", "-L"];
        var result = Run.Guest("errors/args", args);
        Assert.Equal("", result.StandardError);
        Assert.Equal(args.Select(a => a + "\n"), SplitLines(result.StandardOutput));
        Assert.Equal(args.Length, result.ExitCode); // the program returns its argument count
    }

    [Fact]
    public void AnUnknownRunOptionIsNamedAsOne()
    {
        var result = Run.Cli("run", "--bogus", Guest("args"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("microcosm: run: unknown option '--bogus' (microcosm run --help lists run's options", result.StandardError);
        Assert.Equal(0, Run.Cli("run", "--trace", "--library-path=/tmp", Guest("args")).ExitCode);   // known ones, both forms
    }

    /// <summary>-C DIR starts the program in DIR (a relative path, and where its chdir then goes); the program's own path is
    /// found from microcosm's directory. A DIR that is no directory is refused by name.</summary>
    [Fact]
    public void WorkingDirectoryOptionStartsTheProgramThere()
    {
        string start = _scratch.File("start/inner/.keep");
        start = Path.GetDirectoryName(Path.GetDirectoryName(start))!;
        var result = Run.Cli("run", "-C", start, TestPaths.Guest("embedding/wander"), "inner");
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal($"start {start}\nnow {start}/inner\n", result.StandardOutput);
        Assert.True(File.Exists(Path.Combine(start, "made-at-start")) && File.Exists(Path.Combine(start, "inner", "made-after-chdir")));
        var missing = Run.Cli("run", "--working-directory", "/no/such/dir", Guest("args"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("microcosm: run: -C /no/such/dir: no such directory\n", missing.StandardError);
    }

    /// <summary>A program from the host's gcc - dynamic against glibc, or static - is named as such, with what to do.</summary>
    [SkippableFact]
    public void AProgramBuiltForTheHostSaysToBuildItWithMicrocosmCc()
    {
        string source = _scratch.File("host.c"), dynamic = _scratch.File("host-dynamic"), isStatic = _scratch.File("host-static");
        File.WriteAllText(source, "int main(void) { return 0; }\n");
        Assert.Equal(0, Run.Process("gcc", ["-o", dynamic, source]).ExitCode);
        var result = Run.Cli("run", dynamic);
        Assert.Equal(126, result.ExitCode);
        Assert.Contains("cannot find dependency 'libc.so.6'", result.StandardError);
        Assert.Contains("host-dynamic was built for the host's C library (glibc), not Microcosm's: build it with `microcosm cc`", result.StandardError);

        var built = Run.Process("gcc", ["-static", "-o", isStatic, source]);
        Skip.If(built.ExitCode != 0, $"no static glibc here: {built.StandardError}");
        result = Run.Cli("run", isStatic);
        Assert.Equal(126, result.ExitCode);
        Assert.Equal($"microcosm: {isStatic}: is a static program from the host's compiler (its C library, glibc, linked in): " +
                     "Microcosm runs programs built with `microcosm cc`, which links them dynamically\n", result.StandardError);
    }

    [Fact]
    public void RunOptionsBeforeTheProgramAreRunsOwn()
    {
        // --trace before the program is microcosm's (the trace on stderr); after it, the program's.
        var result = Run.Cli("run", "--trace", Guest("args"), "--trace", "-x");
        Assert.Equal("--trace\n-x\n", result.StandardOutput);
        Assert.Equal(2, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Single(lines, line => line.EndsWith("] syscall_4010(2, 0, 0, 0) = -38 ENOSYS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(200)]
    [InlineData(255)]
    public void ExitStatusIsTheGuests(int status)
    {
        var result = Run.Guest("errors/status", status.ToString());
        Assert.Equal(status, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void TracePrintsOneLinePerSyscall()
    {
        var result = Run.Cli("run", "--trace", Guest("trace"));
        Assert.Equal(0, result.ExitCode);
        // Every line is in the documented format (docs/tracing.md); TracingTests checks it in detail.
        var lines = TraceGrammar.Parse(result.StandardError);
        // The program's own calls, in order (module initializers may add lines of their own before them).
        string[] expected =
        [
            @"syscall_4021\(1, 2, 3, 4\) = -38 ENOSYS",
            @"mc_register\(4022, 0x[0-9a-f]+\) = 0",
            @"syscall_4022\(5, 6, 0, 0\) = 11",
            @"mc_deregister\(4022\) = 0",
        ];
        var mine = lines.Where(l => Regex.IsMatch(l, @"\] (syscall_402[12]|mc_register\(4022|mc_deregister\(4022)")).ToList();
        Assert.Equal(expected.Length, mine.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Matches(@"^\[\d+\] " + expected[i] + "$", mine[i]);
    }

    [Fact]
    public void WithoutTraceNothingIsPrinted()
    {
        var result = Run.Guest("errors/trace");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    // --- inspect --------------------------------------------------------------------------------------

    [Fact]
    public void InspectShowsTypeEntryAndHowEachDependencyResolves()
    {
        string program = Guest("inspected");
        var result = Run.Cli("inspect", program);
        Assert.Equal("", result.StandardError);
        Assert.Equal(0, result.ExitCode);
        string output = result.StandardOutput;
        Assert.Contains("type: ET_DYN (shared object or PIE), position-independent executable", output);
        Assert.Contains($"entry: 0x{ElfImage.Load(program).Entry:x}", output);
        Assert.Contains($"needs libdep.so => guest {Guest("libdep.so")}", output);
        Assert.Matches(@"needs libhost_libc\.so\.6 => host library \S*libc\.so\.6", output);
        Assert.Contains("needs libmicrocosm.so => built-in", output);
        Assert.DoesNotContain("unresolved", output);
        // The dependency is reported too, as a shared object without an entry.
        int dep = output.IndexOf($"libdep.so: {Guest("libdep.so")}", StringComparison.Ordinal);
        Assert.True(dep >= 0, output);
        Assert.Contains("type: ET_DYN (shared object or PIE)\n", output[dep..]);
        Assert.DoesNotContain("entry:", output[dep..]);
    }

    [Fact]
    public void InspectListsUnresolvedSymbolsAndExitsOne()
    {
        var result = Run.Cli("inspect", Guest("unresolved"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"needs libunresolved.so => guest {Guest("libunresolved.so")}", result.StandardOutput);
        Assert.Contains("unresolved symbol: nowhere_to_be_found", result.StandardOutput);
    }

    [Fact]
    public void InspectOfAFileThatCannotBeLoaded()
    {
        var result = Run.Cli("inspect", Guest("object.o"));
        Expect.CannotLoad(result, Guest("object.o"), 126, "ET_REL");
    }

    // --- cc -------------------------------------------------------------------------------------------

    private ProcessResult Cc(params string[] args)
    {
        var result = Run.Cli(["cc", .. args], null, timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"microcosm cc {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.StandardError}");
        return result;
    }

    [Fact]
    public void CcCompilesAndLinksWithGccOptions()
    {
        string include = _scratch.Directory("include");
        File.WriteAllText(Path.Combine(include, "answer.h"), "#define ANSWER_BASE 40\n");
        string part = _scratch.File("part.c"), main = _scratch.File("main.c");
        File.WriteAllText(part, "#include \"answer.h\"\nint part(void) { return ANSWER_BASE; }\n");
        File.WriteAllText(main, "int part(void);\nint main(void) { return part() + EXTRA; }\n");
        string partObject = _scratch.File("part.o"), mainObject = _scratch.File("main.o"), program = _scratch.File("prog");

        Cc("-O2", "-I", include, "-c", part, "-o", partObject);
        Cc("-O2", "-DEXTRA=2", "-c", main, "-o", mainObject);
        Assert.Equal(1, ElfImage.Load(partObject).Type); // -c makes ET_REL objects
        Cc("-o", program, mainObject, partObject);

        var result = Run.Cli("run", program);
        Assert.Equal(42, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void CcBuildsSharedLibrariesAndProgramsThatUseThem()
    {
        string lib = _scratch.File("lib/libtwice.so"), main = _scratch.File("main.c"), program = _scratch.File("prog");
        string source = _scratch.File("twice.c");
        File.WriteAllText(source, "int twice(int x) { return 2 * x; }\n");
        File.WriteAllText(main, "int twice(int);\nint main(int argc, char **argv) { (void)argv; return twice(10 + argc); }\n");

        Cc("-O2", "-fPIC", "-shared", "-o", lib, source);
        Assert.Equal(3, ElfImage.Load(lib).Type); // ET_DYN
        Cc("-O2", "-o", program, main, "-L", Path.GetDirectoryName(lib)!, "-ltwice", "-Wl,-rpath,$ORIGIN/lib");

        Assert.Equal(24, Run.Cli("run", program, "x").ExitCode);
        var inspect = Run.Cli("inspect", program);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains($"needs libtwice.so => guest {Path.GetDirectoryName(program)}/lib/libtwice.so", inspect.StandardOutput);
    }

    [Fact]
    public void LdLibraryPathFindsUninstalledLibrariesAndSkipsFilesThatAreNotSharedObjects()
    {
        // As a build's uninstalled-library wrapper (libtool's) runs a test program: no run path, LD_LIBRARY_PATH.
        string lib = _scratch.File("build/.libs/libtwice.so"), main = _scratch.File("main.c"), program = _scratch.File("prog");
        string source = _scratch.File("twice.c"), script = _scratch.File("scripts/libtwice.so");
        File.WriteAllText(source, "int twice(int x) { return 2 * x; }\n");
        File.WriteAllText(main, "int twice(int);\nint main(void) { return twice(21); }\n");
        File.WriteAllText(script, "/* GNU ld script */\nINPUT(-ltwice)\n");   // what /usr/lib's libc.so is
        Cc("-fPIC", "-shared", "-o", lib, source);
        Cc("-o", program, main, "-L", Path.GetDirectoryName(lib)!, "-ltwice");

        var missing = Run.Process(program, []);
        Assert.Equal(126, missing.ExitCode);
        Assert.Contains("cannot find dependency 'libtwice.so'", missing.StandardError);

        string path = $"{Path.GetDirectoryName(script)}:{Path.GetDirectoryName(lib)}";
        var found = Run.Process(program, [], new() { ["LD_LIBRARY_PATH"] = path });
        Assert.Equal("", found.StandardError);
        Assert.Equal(42, found.ExitCode);

        var onlyScript = Run.Process(program, [], new() { ["LD_LIBRARY_PATH"] = Path.GetDirectoryName(script)! });
        Assert.Equal(126, onlyScript.ExitCode);
        Assert.Contains($"skipped, not x86-64 ELF shared objects: {script} (not an ELF file)", onlyScript.StandardError);
    }

    [Fact]
    public void CcHostLibMakesTheOutputDependOnTheHostLibrary()
    {
        string main = _scratch.File("main.c"), program = _scratch.File("prog");
        File.WriteAllText(main, "int getpid(void);\nint main(void) { return getpid() > 0 ? 0 : 1; }\n");
        Cc("-nolibc", "-o", program, main, "--host-lib", "libc.so.6"); // getpid from the host, not a guest C library

        var inspect = Run.Cli("inspect", program);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Matches(@"needs libhost_libc\.so\.6 => host library \S*libc\.so\.6", inspect.StandardOutput);
        var run = Run.Cli("run", program);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public void CcHostLibThatDoesNotExistFailsClearly()
    {
        string main = _scratch.File("main.c"), program = _scratch.File("prog");
        File.WriteAllText(main, "int main(void) { return 0; }\n");
        var result = Run.Cli(["cc", "-o", program, main, "--host-lib", "libdoes-not-exist.so.7"], null, timeoutSeconds: 120);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"^microcosm: cc: --host-lib libdoes-not-exist\.so\.7: .*not found", result.StandardError.Split('\n')[0]);
        Assert.False(File.Exists(program));

        var missingName = Run.Cli(["cc", "-o", program, main, "--host-lib"], null, timeoutSeconds: 120);
        Assert.NotEqual(0, missingName.ExitCode);
        Assert.Contains("--host-lib needs a library name", missingName.StandardError);
    }

    // --- executables run directly by the host ---------------------------------------------------------

    /// <summary>A program printing its argv (argv[0] included) and exiting with argc, built by cc into the scratch directory.</summary>
    private string ArgvProgram(string name = "argv")
    {
        string source = _scratch.File(name + ".c"), program = _scratch.File(name);
        File.WriteAllText(source, """
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                for (int i = 0; i < argc; i++) printf("[%s]", argv[i]);
                printf(" %s\n", getenv("MICROCOSM_TEST_VALUE") ? getenv("MICROCOSM_TEST_VALUE") : "-");
                return argc;
            }
            """);
        Cc("-O2", "-o", program, source);
        return program;
    }

    [Fact]
    public void CcExecutablesRunWhenTheHostExecutesThem()
    {
        // The program interpreter microcosm cc writes into PT_INTERP execs `microcosm run` on the file:
        // arguments, argv[0] as the caller gave it, the environment and the exit status pass through.
        string program = ArgvProgram();
        Assert.Equal(Path.Combine(TestPaths.Sdk, "lib", "microcosm-interp"), ElfImage.Load(program).Interpreter);
        var result = Run.Process(program, ["one", "two words", "--trace"], new() { ["MICROCOSM_TEST_VALUE"] = "seen" });
        Assert.Equal("", result.StandardError);
        Assert.Equal($"[{program}][one][two words][--trace] seen\n", result.StandardOutput);
        Assert.Equal(4, result.ExitCode);

        // Through a shell, by a relative name and through $PATH, as a build's test suite runs it.
        string dir = Path.GetDirectoryName(program)!;
        var shell = Run.Process("sh", ["-c", "./argv x; echo \"status $?\"; PATH=\"$PWD:$PATH\" argv; echo \"status $?\""], workingDirectory: dir);
        Assert.Equal("", shell.StandardError);
        Assert.Equal("[./argv][x] -\nstatus 2\n[argv] -\nstatus 1\n", shell.StandardOutput);
    }

    [Fact]
    public void ArgumentsAndEnvironmentReachTheGuestAsTheirBytesEvenWhenTheyAreNotUtf8()
    {
        // .NET decodes its argv and environment as UTF-8, replacing what is not; the guest must get
        // the bytes (a Latin-1 name, a lone continuation byte, an encoded surrogate), through
        // `microcosm run` (argv[0] by --argv0 too) and when the host executes the program itself.
        string program = TestPaths.Guest("libc/raw_bytes");
        const string Arguments = "\"$(printf 'a\\201')\" \"$(printf 'caf\\303\\251')\" \"$(printf '\\355\\240\\200')\"";
        string script =
            "export MC_RAW=\"$(printf 'x\\201y')\"; " +
            $"\"$0\" run --argv0 \"$(printf 'n\\377')\" \"$1\" {Arguments}; echo; \"$1\" {Arguments}";
        var result = Run.Process("sh", ["-c", script, TestPaths.Cli, program], new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        Assert.Equal("", result.StandardError);
        string bytes = "arg: 61 81\narg: 63 61 66 c3 a9\narg: ed a0 80\nMC_RAW: 78 81 79\n";
        string programHex = string.Join("", program.Select(c => $" {(int)c:x2}"));
        Assert.Equal($"argv0: 6e ff\n{bytes}\nargv0:{programHex}\n{bytes}", result.StandardOutput);
    }

    [Fact]
    public void TheInterpreterRunsAProgramNamedOnItsCommandLine()
    {
        string program = ArgvProgram();
        string interpreter = Path.Combine(TestPaths.Sdk, "lib", "microcosm-interp");
        var result = Run.Process(interpreter, [program, "a"]);
        Assert.Equal($"[{program}][a] -\n", result.StandardOutput);
        Assert.Equal(2, result.ExitCode);

        var usage = Run.Process(interpreter, []);
        Assert.Equal(127, usage.ExitCode);
        Assert.Contains("usage: microcosm-interp PROGRAM", usage.StandardError);
    }

    [Fact]
    public void ADirectlyExecutedProgramThatFaultsReportsItAsRunDoes()
    {
        string source = _scratch.File("null.c"), program = _scratch.File("null");
        File.WriteAllText(source, "int main(void) { return *(volatile int *)16; }\n");
        Cc("-O0", "-o", program, source);
        var result = Run.Process(program, []);
        Assert.Equal(128 + 11, result.ExitCode);
        Assert.Matches($@"^microcosm: {Regex.Escape(program)}: fault SIGSEGV at null\+0x[0-9a-f]+ \(main\)", result.StandardError);
    }

    [Fact]
    public void AProgramStartedWithStdoutOrStdinClosedSeesThemClosed()
    {
        // A shell's "prog >&-": nothing microcosm or .NET opens may take descriptor 1, or the guest's
        // writes to its closed stdout would land there (they went to microcosm's copy of stderr).
        string source = _scratch.File("closed.c"), program = _scratch.File("closed");
        File.WriteAllText(source, """
            #include <errno.h>
            #include <stdio.h>
            #include <string.h>
            #include <unistd.h>
            int main(void) {
                char c;
                ssize_t w = write(1, "x", 1);
                int we = errno;
                ssize_t r = read(0, &c, 1);
                int re = errno;
                fprintf(stderr, "write %zd %s, read %zd %s\n", w, strerror(we), r, strerror(re));
                return 0;
            }
            """);
        Cc("-o", program, source);
        var result = Run.Process("sh", ["-c", $"'{program}' >&- <&-"]);
        Assert.Equal("write -1 Bad file descriptor, read -1 Bad file descriptor\n", result.StandardError);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void RunArgv0SetsTheProgramsArgumentZero()
    {
        string program = ArgvProgram();
        var result = Run.Cli("run", "--argv0", "custom name", program, "x");
        Assert.Equal("[custom name][x] -\n", result.StandardOutput);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void CcPartialLinksAndSharedObjectsGetNoStartupFileOrInterpreter()
    {
        string part = _scratch.File("part.c"), main = _scratch.File("main.c");
        File.WriteAllText(part, "int part(void) { return 40; }\n");
        File.WriteAllText(main, "int part(void);\nint main(void) { return part() + 2; }\n");
        string combined = _scratch.File("combined.o"), lib = _scratch.File("libpart.so"), program = _scratch.File("prog");
        Cc("-c", part, "-o", _scratch.File("part.o"));
        Cc("-c", main, "-o", _scratch.File("main.o"));
        Cc("-r", "-o", combined, _scratch.File("part.o"), _scratch.File("main.o"));   // ld -r: one object, still ET_REL
        Assert.Equal(1, ElfImage.Load(combined).Type);
        Cc("-o", program, combined);                                                // crt1.o once: no duplicate _start
        Assert.Equal(42, Run.Process(program, []).ExitCode);
        Cc("-fPIC", "-shared", "-o", lib, part);
        Assert.Null(ElfImage.Load(lib).Interpreter);
    }

    // The standard's headers and POSIX's, each alone, in every language mode: each names the types
    // it uses (strict modes hide POSIX's names, so a header leaning on another's visibility breaks).
    private static readonly string[] StandaloneHeaders =
    [
        "assert.h", "complex.h", "ctype.h", "errno.h", "fenv.h", "float.h", "inttypes.h", "iso646.h",
        "limits.h", "locale.h", "math.h", "setjmp.h", "signal.h", "stdalign.h", "stdarg.h", "stdatomic.h",
        "stdbool.h", "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "stdnoreturn.h", "string.h", "tgmath.h",
        "threads.h", "time.h", "uchar.h", "wchar.h", "wctype.h",
        "arpa/inet.h", "dirent.h", "dlfcn.h", "fcntl.h", "fnmatch.h", "glob.h", "grp.h", "iconv.h",
        "langinfo.h", "libgen.h", "netdb.h", "netinet/in.h", "poll.h", "pthread.h", "pwd.h", "regex.h",
        "sched.h", "search.h", "semaphore.h", "spawn.h", "strings.h", "sys/mman.h", "sys/resource.h",
        "sys/select.h", "sys/socket.h", "sys/stat.h", "sys/statvfs.h", "sys/time.h", "sys/times.h",
        "sys/types.h", "sys/uio.h", "sys/un.h", "sys/utsname.h", "sys/wait.h", "syslog.h", "sysexits.h",
        "termios.h", "unistd.h", "utime.h",
    ];

    [Theory]
    [InlineData("c99")]
    [InlineData("c11")]
    [InlineData("c17")]
    [InlineData("gnu17")]
    public void EveryHeaderCompilesAloneInEachLanguageMode(string standard)
    {
        var sources = StandaloneHeaders.Select(header =>
        {
            string source = _scratch.File($"{standard}-{header.Replace('/', '-')}.c");
            File.WriteAllText(source, $"#include <{header}>\nint main(void) {{ return 0; }}\n");
            return source;
        });
        var result = Run.Cli(["cc", $"-std={standard}", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", .. sources], null, timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"-std={standard}:\n{result.StandardError}");
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void CcLinksTheLibrarysAssemblyFunctionsWithoutWarnings()
    {
        // memcpy, memset, setjmp and longjmp are newlib's assembly; ld warns about a dynamic symbol
        // with no type ("type and size ... are not defined") unless they are marked as functions.
        string source = _scratch.File("asm.c");
        File.WriteAllText(source, """
            #include <setjmp.h>
            #include <string.h>
            static void *(*volatile copy)(void *, const void *, size_t) = memcpy;
            static void *(*volatile fill)(void *, int, size_t) = memset;
            int main(void) {
                char a[8], b[8];
                fill(a, 'x', sizeof a);
                copy(b, a, sizeof a);
                jmp_buf env;
                if (setjmp(env) == 0) longjmp(env, 1);
                return b[7] == 'x' ? 0 : 1;
            }
            """);
        string program = _scratch.File("asm");
        var result = Cc("-O2", "-o", program, source);
        Assert.Equal("", result.StandardError);
        Assert.Equal(0, Run.Cli("run", program).ExitCode);
    }

    [Fact]
    public void CcBuildsThreadLocalStorageButRefusesDirectFsAccessAtLinkTimeAndLeavesNoOutput()
    {
        string source = _scratch.File("tls.c"), program = _scratch.File("tls");
        File.WriteAllText(source, "static __thread int counter = 4;\nint main(void) { return ++counter; }\n");
        Cc("-O2", "-o", program, source);
        Assert.Equal(5, Run.Cli("run", program).ExitCode);
        File.Delete(program);
        var result = Run.Cli(["cc", "-O2", "-mtls-direct-seg-refs", "-o", program, source], null, timeoutSeconds: 120);
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"microcosm: cc: {program}: uses %fs directly at 0x", result.StandardError);
        Assert.Contains("-mno-tls-direct-seg-refs", result.StandardError);
        Assert.False(File.Exists(program));
        Cc("-O2", "-mtls-direct-seg-refs", "-c", "-o", _scratch.File("tls.o"), source);   // compiling alone is not linking
    }

    [Theory]
    [InlineData("-static", "a guest is always linked dynamically")]
    [InlineData("-fsanitize=address", "there is no sanitizer run-time library for Microcosm guests")]
    public void CcRefusesWhatCannotWorkClearly(string option, string reason)
    {
        string source = _scratch.File("main.c");
        File.WriteAllText(source, "int main(void) { return 0; }\n");
        var result = Run.Cli(["cc", option, "-o", _scratch.File("prog"), source], null, timeoutSeconds: 120);
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"microcosm: cc: {option}: {reason}", result.StandardError);
    }

    [Fact]
    public void CcAnswersABuildSystemsQuestionsForTheSdkNotTheHost()
    {
        string sdk = Microcosm.Sdk.Directory!;
        Assert.Equal("x86_64-pc-microcosm\n", Cc("-dumpmachine").StandardOutput);
        Assert.Equal("\n", Cc("-print-multiarch").StandardOutput);   // no /usr/include/x86_64-linux-gnu to add
        Assert.Equal(Path.Combine(sdk, "libc", "lib", "libc.so") + "\n", Cc("-print-file-name=libc.so").StandardOutput);
        Assert.Equal(Path.Combine(sdk, "libc", "lib", "libm.so") + "\n", Cc("-print-file-name=libm.so").StandardOutput);
        Assert.Equal(Path.Combine(sdk, "lib", "gcc", "libgcc.a") + "\n", Cc("-print-file-name=libgcc.a").StandardOutput);   // the SDK's copy
        Assert.Equal("libz.so\n", Cc("-print-file-name=libz.so").StandardOutput);         // the host's is not ours
        string libraries = Cc("-print-search-dirs").StandardOutput.Split('\n').Single(l => l.StartsWith("libraries: ="));
        Assert.StartsWith($"libraries: ={Path.Combine(sdk, "libc", "lib")}/:{Path.Combine(sdk, "lib")}/:", libraries);
        Assert.DoesNotContain("x86_64-linux-gnu/:", libraries.Replace("/usr/lib/gcc/x86_64-linux-gnu/", ""));
    }

    /// <summary>The host's glibc-built libraries are never linked: not from gcc's default directories (-lz is not
    /// found), and not before the SDK's when a build system adds the host's directory with -L (-lm is the SDK's).</summary>
    [Fact]
    public void CcNeverLinksTheHostsLibraries()
    {
        string source = _scratch.File("main.c"), program = _scratch.File("prog");
        File.WriteAllText(source, "#include <math.h>\n#include <stdio.h>\nint main(int c, char **v) { (void)v; printf(\"%.0f\\n\", sqrt(c * 49.0)); return 0; }\n");
        var noZ = Run.Cli(["cc", "-o", program, source, "-lz"], null, timeoutSeconds: 120);
        Assert.NotEqual(0, noZ.ExitCode);
        Assert.Contains("cannot find -lz", noZ.StandardError);

        Cc("-o", program, source, "-L/usr/lib/x86_64-linux-gnu", "-L/lib/x86_64-linux-gnu", "-lm");
        string needed = Run.Process("readelf", ["-dW", program]).StandardOutput;
        Assert.Contains("[libm.so]", needed);
        Assert.DoesNotContain(".so.6]", needed);   // glibc's libm.so.6 and libc.so.6
        var result = Run.Cli("run", program);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("7\n", result.StandardOutput);
    }

    /// <summary>--coverage links gcc's own libgcov, and the run writes the counts gcov reads, as natively.</summary>
    [Fact]
    public void CcCoverageCountsWhatTheProgramRan()
    {
        string source = _scratch.File("covered.c"), program = _scratch.File("covered");
        File.WriteAllText(source, "#include <stdio.h>\nint main(int c, char **v) {\n    (void)v;\n    if (c > 1)\n        puts(\"arguments\");\n    else\n        puts(\"none\");\n    return 0;\n}\n");
        Cc("--coverage", "-O0", "-o", program, source);
        var result = Run.Cli("run", program, "one");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("arguments\n", result.StandardOutput);
        string counts = Directory.GetFiles(_scratch.Root, "*.gcda").Single();
        var gcov = Run.Process("gcov", ["-n", counts], workingDirectory: _scratch.Root);
        Assert.True(gcov.ExitCode == 0, gcov.StandardError);
        Assert.Contains("Lines executed:80.00% of 5", gcov.StandardOutput);   // the else branch alone did not run, as natively
    }

    [Fact]
    public void CcWithoutInputSaysSoAndItsHelpSaysWhatItIs()
    {
        var none = Run.Cli(["cc", "-O2", "-Wall", "-o", "prog"], null, timeoutSeconds: 120);
        Assert.Equal(1, none.ExitCode);
        Assert.Equal("microcosm: cc: no input files (microcosm cc --help)\n", none.StandardError);
        var help = Run.Cli(["cc", "--help"], null, timeoutSeconds: 120);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage: microcosm cc [gcc options] FILE...", help.StandardOutput);
        Assert.Contains("--host-lib NAME", help.StandardOutput);
        Assert.DoesNotContain("application being run", help.StandardOutput);
    }

    [Fact]
    public void CcReportsCompileErrorsAsGccDoes()
    {
        string source = _scratch.File("broken.c");
        File.WriteAllText(source, "int main(void) { return undeclared_variable; }\n");
        var result = Run.Cli(["cc", "-c", source, "-o", _scratch.File("broken.o")], null, timeoutSeconds: 120);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("undeclared_variable", result.StandardError);
        Assert.Contains("error", result.StandardError);
    }

    // --- help -----------------------------------------------------------------------------------------

    [Fact]
    public void HelpListsTheCommands()
    {
        var result = Run.Cli("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "run", "cc", "c++", "inspect" })
            Assert.Matches($@"(?m)^\s+{Regex.Escape(command)}(\s|$)", result.StandardOutput);
    }

    [Fact]
    public void RunHelpDescribesItsOptions()
    {
        var result = Run.Cli("run", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--trace", "--library-path", "--modules", "--argv0", "--allow-host-lib", "--deny-host-lib", "--module-allow-host-lib", "--module-deny-host-lib" })
            Assert.Contains(option, result.StandardOutput);
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        Assert.Equal(text.Length, start); // every line ends with a newline
    }
}
