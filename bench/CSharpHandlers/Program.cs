// mc_syscall -> C# handler: registers the two kinds of C# handler bench/guest/csharp.c measures (1600 a SyscallHandler
// delegate, 1601 an UnmanagedCallersOnly method) and runs it, passing the method's own pointer for its baseline and
// the convention to call that pointer with: the host's (a C# function pointer is Win64 on Windows).
// Usage: CSharpHandlers [--sdk DIR] PROGRAM [ITERATIONS]
//   --sdk DIR: the SDK the program loads its C library from, with the standard modules beside it (DIR/../modules);
//   default: the installed one (Sdk.Directory). bench/hosts.sh names build/windows/sdk for the Windows host.
using Microcosm;
using Microcosm.Syscalls;

if (args is ["--sdk", var sdk, .. var rest])
{
    Environment.SetEnvironmentVariable("MICROCOSM_SDK", sdk);   // where Sdk finds the libraries and the modules
    args = rest;
}
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: CSharpHandlers [--sdk DIR] PROGRAM [ITERATIONS]");
    return 2;
}
using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory });
cosmos.Syscalls.Register(1600, (in SyscallArgs a) => a.A + a.B + a.C + a.D);
string sum;
unsafe
{
    cosmos.Syscalls.Register(1601, &Handlers.Sum);
    sum = $"0x{(nint)(delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)&Handlers.Sum:x}";
}
return cosmos.Run(args[0], [args.Length > 1 ? args[1] : "5000000", sum, OperatingSystem.IsWindows() ? "win64" : "sysv"]);

internal static class Handlers
{
    /// <summary>The same work as the delegate handler, as a bare UnmanagedCallersOnly method.</summary>
    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    public static nint Sum(nint number, nint a, nint b, nint c, nint d, nint e, nint f) => a + b + c + d;
}
