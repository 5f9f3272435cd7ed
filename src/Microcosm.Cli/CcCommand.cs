using System.CommandLine;
using System.Diagnostics;
using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary>
/// <c>microcosm cc [gcc options] [--host-lib NAME]... [-nolibc]</c>: gcc with the SDK added.
/// By default a guest is built against the SDK's C library (newlib for Microcosm): only the SDK's,
/// newlib's and the compiler's own headers are seen, <c>__microcosm__</c> is defined and the Linux
/// macros are not, and linking uses the SDK's crt1.o, libc.so, libmicrocosm.so and libgcc instead of
/// the host's. With <c>-nolibc</c> (modules that bridge to the host, bare programs) there is no C
/// library: the host's headers stay visible and the start-up object is crt0.o. Either way,
/// <c>--host-lib NAME</c> adds a link stub <c>libhost_NAME</c> for a host library.
/// It is a cross compiler: the SDK is its sysroot. The host's library directories are never searched (the SDK holds
/// copies of gcc's static libgcc and libgcov), the SDK's are searched before any a user adds with -L (so the C
/// library's names - c, m, pthread - are always the SDK's), and the questions build systems ask a compiler
/// (-dumpmachine, -print-multiarch, -print-file-name, -print-search-dirs) are answered for the SDK (docs/libc.md).
/// <c>microcosm c++</c> (or <c>g++</c>) is the same command run by g++, with the SDK's libstdc++ (docs/cxx.md).
/// </summary>
internal static class CcCommand
{
    private static readonly string[] CompileOnly = ["-c", "-S", "-E", "-M", "-MM", "-fsyntax-only"];
    private static readonly string[] InformationOnly = ["--version", "-v", "-dumpversion", "--help", "-###"];

    /// <summary>The target a guest is built for: the name newlib is configured with (guest/libc/newlib/build.sh).</summary>
    internal const string Target = "x86_64-pc-microcosm";

    public static Command Create()
    {
        var command = new Command("cc", "Compile and link guest programs and modules with gcc options (-shared for modules, --host-lib NAME to depend on libhost_NAME, -nolibc)");
        command.Arguments.Add(new Argument<string[]>("gcc-arguments") { Arity = ArgumentArity.ZeroOrMore });
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ => 0); // never reached: Program hands cc's arguments to Execute untouched
        return command;
    }

    /// <summary>gcc's options whose value is the next argument (not an input file).</summary>
    private static readonly string[] OptionsWithValue =
        ["-o", "-I", "-D", "-U", "-L", "-x", "-include", "-imacros", "-isystem", "-idirafter", "-iquote", "-iprefix",
         "-iwithprefix", "-isysroot", "-MF", "-MT", "-MQ", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-u", "-T", "-e", "-z",
         "--param", "-aux-info", "-B", "-wrapper", "--host-lib"];

    private const string CxxHelp = """

        C++: g++ compiles (a .c file is C++ too, as with g++), with the SDK's libstdc++ headers before the C library's,
        and links the SDK's libstdc++.so (shared: a program and its plug-ins share one) and libm.so (docs/cxx.md).

        """;

    private const string Help = """
        Usage: microcosm cc [gcc options] FILE...
        Compiles and links programs and shared libraries for Microcosm with the host's gcc: every gcc option means what it
        means to gcc (gcc --help lists them). The SDK is the sysroot: its C library's headers, crt1.o, libc.so and
        libm.so, and no library of the host's; programs are linked dynamically and run with `microcosm run` or directly.

        Options of its own:
          --host-lib NAME   depend on the host library NAME (libc.so.6, kernel32.dll) through its link stub libhost_NAME
          -nolibc           no C library: the host's headers and crt0.o (modules that bridge to the host, bare programs)

        Refused, with the reason: -static and -static-pie (a guest's C library is bound when it is loaded),
        -fsanitize=... (no sanitizer run-time is built for guests).
        """;

    /// <summary>The C++ command's own name, as a build system may spell it (CXX=g++).</summary>
    public static readonly string[] CxxVerbs = ["c++", "g++"];

    /// <summary><c>microcosm c++</c>: the same command for C++ (docs/cxx.md), run by g++, with the SDK's C++ library.</summary>
    public static Command CreateCxx()
    {
        var command = new Command("c++", "Compile and link C++ guest programs and modules (g++ options; the same as cc, with the SDK's libstdc++); also `g++`");
        command.Arguments.Add(new Argument<string[]>("g++-arguments") { Arity = ArgumentArity.ZeroOrMore });
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ => 0); // never reached, as cc's
        return command;
    }

    public static int Execute(string[] args, bool cxx = false)
    {
        string verb = cxx ? "c++" : "cc";
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.Write(cxx ? Help.Replace("microcosm cc [gcc options]", "microcosm c++ [g++ options]", StringComparison.Ordinal) + CxxHelp : Help);
            return 0;
        }
        // gcc and binutils building ELF files are a Linux host's tools; what they build runs on every host.
        if (!OperatingSystem.IsLinux()) return Errors.Fail($"{verb}: builds on a Linux host only (the programs it builds run on every host)");
        string? sdk = Microcosm.Sdk.Directory;
        if (sdk == null) return Errors.Fail($"{verb}: the SDK was not found (set MICROCOSM_SDK, or build with ./microcosm)");
        var passthrough = new List<string>();
        var hostLibraries = new List<string>();
        bool link = true, shared = false, relocatable = false, informational = false, withLibc = true;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--host-lib")
            {
                if (++i >= args.Length) return Errors.Fail($"{verb}: --host-lib needs a library name (e.g. libc.so.6)");
                hostLibraries.Add(args[i]);
                continue;
            }
            if (a.StartsWith("--host-lib=", StringComparison.Ordinal)) { hostLibraries.Add(a["--host-lib=".Length..]); continue; }
            if (a == "-nolibc") { withLibc = false; continue; }
            if (a is "-static" or "-static-pie")
                return Errors.Fail($"{verb}: {a}: a guest is always linked dynamically: its syscall entry (libmicrocosm.so) and its C library are bound when Microcosm loads it; leave out {a}");
            if (a.StartsWith("-fsanitize=", StringComparison.Ordinal))
                return Errors.Fail($"{verb}: {a}: there is no sanitizer run-time library for Microcosm guests (gcc's are built for glibc); build without it");
            if (CompileOnly.Contains(a)) link = false;
            if (InformationOnly.Contains(a)) informational = true;
            if (a == "-shared") shared = true;
            if (a == "-r") relocatable = true;   // ld -r: one object out of several, linked later
            passthrough.Add(a);
        }
        if (informational && args.Length == 1) link = false;
        if (!informational && !HasInput(args))
            return Errors.Fail($"{verb}: no input files (microcosm {verb} --help)");

        string lib = Path.Combine(sdk, "lib");
        string libcLib = Path.Combine(sdk, "libc", "lib");
        // The SDK's copies of gcc's static libgcc.a and libgcov.a (guest/Makefile): gcc's own directory is not searched,
        // since it also holds shared libraries built for glibc.
        string[] libraryDirectories = withLibc ? [libcLib, lib, Path.Combine(lib, "gcc")] : [lib, Path.Combine(lib, "gcc")];
        // guest/sdk/microcosm.specs: gcc passes none of its library directories (the host's /usr/lib...) to the linker.
        string specs = Path.Combine(lib, "microcosm.specs");
        if (link && !File.Exists(specs)) return Errors.Fail($"{verb}: the SDK is incomplete: {specs} is missing (build with ./microcosm)");
        if (args.Length == 1 && Answer(args[0], libraryDirectories) is { } answer)
        {
            Console.Out.Write(answer);
            return 0;
        }
        if (cxx && !withLibc) return Errors.Fail("c++: -nolibc: the C++ library needs the C library (use microcosm cc for a bare module)");
        if (cxx && link && !informational && !File.Exists(Path.Combine(libcLib, "libstdc++.so")))
            return Errors.Fail($"c++: the SDK's C++ library is missing ({libcLib}/libstdc++.so; build with ./microcosm)");
        if (withLibc && link && !informational && !File.Exists(Path.Combine(libcLib, "libc.so")))
            return Errors.Fail($"{verb}: the SDK's C library is missing ({libcLib}/libc.so; build with ./microcosm, or use -nolibc)");
        // -fno-plt: calls to other objects go straight through the GOT (the loader always binds at load
        // time, so a PLT stub would only add a jump); -fno-stack-protector: the canary lives in host TLS;
        // -mno-tls-direct-seg-refs: thread-local storage is reached only through the thread pointer's load
        // (mov %fs:0), which the loader redirects (docs/abi.md, "Thread-local storage").
        var gcc = new List<string> { "-fno-stack-protector", "-fno-plt", "-mno-tls-direct-seg-refs" };
        if (withLibc)
        {
            string? compilerInclude = CompilerIncludeDirectory();
            if (compilerInclude == null) return Errors.Fail($"{verb}: cannot find the compiler's own headers (gcc -print-file-name=include)");
            gcc.Add("-nostdinc");
            // libstdc++'s headers come first: its <cstdlib>, <cmath>... include the C library's with #include_next.
            if (cxx)
                gcc.AddRange(["-nostdinc++", "-isystem", Path.Combine(sdk, "cxx", "include"),
                              "-isystem", Path.Combine(sdk, "cxx", "include", Target)]);
            gcc.AddRange(["-isystem", Path.Combine(sdk, "include"), "-isystem", Path.Combine(sdk, "libc", "include"),
                          "-isystem", compilerInclude, "-D__microcosm__", "-U__linux__", "-U__gnu_linux__", "-Ulinux"]);
        }
        else
        {
            gcc.AddRange(["-isystem", Path.Combine(sdk, "include")]);
        }
        if (link)
        {
            // No library directory of gcc's (the host's /usr/lib...: the specs); the SDK's first, before any -L of the user's.
            // -Wl,-nostdlib: nor the directories ld's own script names (/lib/x86_64-linux-gnu, /usr/lib...).
            gcc.AddRange(["-nostdlib", "-Wl,-nostdlib", "-Wl,-z,noexecstack", "-specs=" + specs]);
            if (!relocatable)
                foreach (string directory in libraryDirectories) gcc.AddRange(["-L", directory]);
            if (!shared && !relocatable)
            {
                gcc.Add(withLibc ? Path.Combine(libcLib, "crt1.o") : Path.Combine(lib, "crt0.o"));
                // The host runs the executable through microcosm-interp, which execs `microcosm run` on it.
                gcc.Add("-Wl,--dynamic-linker=" + Path.Combine(lib, "microcosm-interp"));
            }
        }
        gcc.AddRange(passthrough);
        if (link && !relocatable)
        {
            gcc.AddRange(["-x", "none"]);
            foreach (var name in hostLibraries)
            {
                string? stub;
                try
                {
                    stub = HostLibraryStubs.Get(sdk, name);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or LoadException)
                {
                    return Errors.Fail($"{verb}: --host-lib {name}: {ex.Message}");
                }
                gcc.Add(stub);
            }
            // __dso_handle names the object each static destructor belongs to (gcc's crtbeginS.o defines it under Linux).
            if (cxx) gcc.AddRange([Path.Combine(libcLib, "dso_handle.o"), "-lstdc++", "-lm"]);
            if (withLibc) gcc.Add("-lc");
            gcc.AddRange(["-lmicrocosm", "-lgcc"]);
            // gcc's unwinder, hidden in each object that has one (guest/cxx/Makefile): C++ code calls _Unwind_Resume.
            if (cxx) gcc.Add("-lgcc_eh");
        }
        int status = RunGcc(cxx ? GxxPath : GccPath, gcc, verb);
        if (status != 0 || !link || relocatable || !withLibc) return status;
        return CheckThreadPointerLoads(OutputPath(passthrough), verb);
    }

    /// <summary>
    /// What a build system asks the compiler alone, answered for the SDK rather than the host (null: gcc answers):
    /// the target's name, no multiarch directory (so no /usr/include/x86_64-linux-gnu is added), where a library file
    /// is (the SDK's directories; as gcc, the bare name when it is nowhere), and the search directories.
    /// </summary>
    private static string? Answer(string question, string[] libraryDirectories)
    {
        if (question == "-dumpmachine") return Target + "\n";
        if (question is "-print-multiarch" or "--print-multiarch") return "\n";
        if (question.StartsWith("-print-file-name=", StringComparison.Ordinal))
        {
            string name = question["-print-file-name=".Length..];
            foreach (string directory in libraryDirectories)
                if (Path.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name) + "\n";
            return name + "\n";
        }
        if ((question is "-print-search-dirs" or "--print-search-dirs") && CompilerIncludeDirectory() is { } include)
            return $"install: {Path.GetDirectoryName(include)}/\nlibraries: ={string.Join(':', libraryDirectories.Select(d => d + "/"))}\n";
        return null;
    }

    /// <summary>Whether gcc is given something to compile or link: a file (or "-", standard input) or a library, not only
    /// options (gcc says "no input files" then; with the SDK's start-up file added it would say "undefined reference to
    /// main"). A question (-print-..., -dump...) needs none.</summary>
    private static bool HasInput(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a.StartsWith("-print-", StringComparison.Ordinal) || a.StartsWith("--print-", StringComparison.Ordinal) ||
                a.StartsWith("-dump", StringComparison.Ordinal)) return true;
            if (a.StartsWith("-l", StringComparison.Ordinal)) return true;   // a library is an input to gcc, as a file is
            if (OptionsWithValue.Contains(a)) { i++; continue; }
            if (a == "-" || !a.StartsWith('-')) return true;
        }
        return false;
    }

    /// <summary>Where gcc wrote its output: -o's argument (-o FILE or -oFILE), else a.out.</summary>
    private static string OutputPath(List<string> arguments)
    {
        string output = "a.out";
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "-o" && i + 1 < arguments.Count) output = arguments[++i];
            else if (arguments[i].StartsWith("-o", StringComparison.Ordinal) && arguments[i].Length > 2) output = arguments[i][2..];
        }
        return output;
    }

    /// <summary>
    /// A program or library that reaches thread-local storage other than through the thread pointer's load (an object
    /// compiled without <c>-mno-tls-direct-seg-refs</c>: by the host's gcc, or with <c>-mtls-direct-seg-refs</c>) would be
    /// refused at load time; it is refused now, while the build can still be mended, and the output removed.
    /// </summary>
    private static int CheckThreadPointerLoads(string output, string verb)
    {
        using var file = Microcosm.Host.HostPlatform.Files.Open(output, out _, out _);
        if (file == null) return 0;
        var source = new Microcosm.Elf.DescriptorElfSource(file);
        Microcosm.Elf.ElfFile elf;
        try
        {
            elf = Microcosm.Elf.ElfFile.Parse(source);
        }
        catch (LoadException)
        {
            return 0;   // not a program gcc made for us to judge
        }
        if (elf.Tls == null) return 0;   // an executable that uses a library's TLS is checked when it loads
        try
        {
            foreach (var segment in elf.LoadSegments)
                if ((segment.Flags & Microcosm.Elf.ElfConstants.PF_X) != 0 && segment.FileSize != 0)
                    ThreadPointerLoads.Find(source.Bytes(segment.Offset, (int)segment.FileSize), segment.VAddr, output);
            return 0;
        }
        catch (LoadException ex)
        {
            File.Delete(output);
            return Errors.Fail($"{verb}: {output}: {ex.Reason}");
        }
    }

    private static string GccPath => Environment.GetEnvironmentVariable("MICROCOSM_GCC") ?? "gcc";
    private static string GxxPath => Environment.GetEnvironmentVariable("MICROCOSM_GXX") ?? "g++";

    /// <summary>The compiler's own header directory (stddef.h, stdarg.h, intrinsics), which -nostdinc drops.</summary>
    private static string? CompilerIncludeDirectory()
    {
        var start = new ProcessStartInfo(GccPath) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-print-file-name=include");
        try
        {
            using var process = Process.Start(start)!;
            string path = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && Directory.Exists(path) ? path : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int RunGcc(string compiler, List<string> arguments, string verb)
    {
        var start = new ProcessStartInfo(compiler);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Errors.Fail($"{verb}: cannot run {start.FileName}: {ex.Message} (install gcc)");
        }
    }
}
