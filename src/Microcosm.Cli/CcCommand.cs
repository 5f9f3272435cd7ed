using System.CommandLine;
using System.Diagnostics;

namespace Microcosm.Cli;

/// <summary>
/// <c>microcosm cc [gcc options] [--host-lib NAME]...</c>: gcc with the SDK added. Compiling adds the
/// SDK's headers; linking replaces the host's start files and libraries with the SDK's start-up
/// object and the libmicrocosm.so stub, plus a link stub <c>libhost_NAME</c> for each host library.
/// </summary>
internal static class CcCommand
{
    private static readonly string[] CompileOnly = ["-c", "-S", "-E", "-M", "-MM"];
    private static readonly string[] InformationOnly = ["--version", "-v", "-dumpversion", "-dumpmachine", "--help", "-###"];

    public static Command Create()
    {
        var command = new Command("cc", "Compile and link guest programs and modules with gcc options (-shared for modules, --host-lib NAME to depend on libhost_NAME, -nolibc)");
        command.Arguments.Add(new Argument<string[]>("gcc-arguments") { Arity = ArgumentArity.ZeroOrMore });
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ => 0); // never reached: Program hands cc's arguments to Execute untouched
        return command;
    }

    public static int Execute(string[] args)
    {
        string? sdk = Microcosm.Sdk.Directory;
        if (sdk == null) return Errors.Fail("cc: the SDK was not found (set MICROCOSM_SDK, or build with ./microcosm)");
        var passthrough = new List<string>();
        var hostLibraries = new List<string>();
        bool link = true, shared = false, informational = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--host-lib")
            {
                if (++i >= args.Length) return Errors.Fail("cc: --host-lib needs a library name (e.g. libc.so.6)");
                hostLibraries.Add(args[i]);
                continue;
            }
            if (a.StartsWith("--host-lib=", StringComparison.Ordinal)) { hostLibraries.Add(a["--host-lib=".Length..]); continue; }
            if (a == "-nolibc") continue; // no C library is linked yet either way
            if (CompileOnly.Contains(a)) link = false;
            if (InformationOnly.Contains(a)) informational = true;
            if (a == "-shared") shared = true;
            passthrough.Add(a);
        }
        if (informational && args.Length == 1) link = false;

        string lib = Path.Combine(sdk, "lib");
        var gcc = new List<string> { "-isystem", Path.Combine(sdk, "include"), "-fno-stack-protector" };
        if (link)
        {
            gcc.AddRange(["-nostdlib", "-Wl,-z,noexecstack"]);
            if (!shared) gcc.Add(Path.Combine(lib, "crt0.o"));
        }
        gcc.AddRange(passthrough);
        if (link)
        {
            gcc.AddRange(["-x", "none", "-L", lib]);
            foreach (var name in hostLibraries)
            {
                string? stub;
                try
                {
                    stub = HostLibraryStubs.Get(sdk, name);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or Microcosm.Elf.ElfFormatException)
                {
                    return Errors.Fail($"cc: --host-lib {name}: {ex.Message}");
                }
                gcc.Add(stub);
            }
            gcc.AddRange(["-lmicrocosm", "-lgcc"]);
        }
        return RunGcc(gcc);
    }

    private static int RunGcc(List<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("MICROCOSM_GCC") ?? "gcc");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Errors.Fail($"cc: cannot run {start.FileName}: {ex.Message} (install gcc)");
        }
    }
}
