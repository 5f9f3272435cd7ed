using Microcosm;
using Microcosm.Syscalls;

// Usage: Microcosm.FaultHost [--read-slots-by-call] [--no-thread-exit-status] MODE PROGRAM [ARGS...]; prints one line saying what happened.
//   --read-slots-by-call: generated code reads the active boundary with pthread_getspecific, never directly
//   --no-thread-exit-status: as on a host that cannot tell a raw-exited thread's status (Linux before 6.15)
//   run      runs PROGRAM with ARGS                            -> "status N" or the fault
//   nre      syscall 1000 dereferences null in C#               -> the handler exceptions and the status
//   caught   syscall 1000 catches its own NullReferenceException -> "status N"
//   nested   syscall 1000 calls 1001 (guest code that faults)   -> the fault
//   overflow syscall 1000 recurses in C# until the stack overflows -> .NET's own report, and the process dies
//   invoke   runs PROGRAM, then calls its 1001 from this thread -> the fault
//   uco-caught, uco-nested: as caught and nested, with 1000 registered as an UnmanagedCallersOnly method
//   memory   (no PROGRAM) GuestMemory on bad pointers from this thread -> "guest memory ok" (GuestMemoryChecks.cs)
//   cancel   RunAsync of PROGRAM with a token cancelled after 300 ms -> "cancelled: signal 9, stranded threads 0"
if (args.Length > 0 && args[0] == "--read-slots-by-call")
{
    AppContext.SetSwitch("Microcosm.ReadSlotsByCall", true);
    args = args[1..];
}
if (args.Length > 0 && args[0] == "--no-thread-exit-status")
{
    AppContext.SetSwitch("Microcosm.NoThreadExitStatus", true);
    args = args[1..];
}
if (args is ["memory"]) return GuestMemoryChecks.Run();
if (args.Length < 2) return 2;
string mode = args[0], program = args[1];
string[] rest = args[2..];
using var cosmos = new Cosmos();
var table = cosmos.Syscalls;
switch (mode)
{
    case "nre":
        table.Register(1000, (in SyscallArgs a) => Dereference(null));
        break;
    case "caught":
        table.Register(1000, (in SyscallArgs a) =>
        {
            try
            {
                return Dereference(null);
            }
            catch (NullReferenceException)
            {
                return 1;
            }
        });
        break;
    case "overflow":   // .NET's own stack overflow, in a C# handler on a guest thread: .NET must still report it
        table.Register(1000, (in SyscallArgs a) => Deep(a.A));
        break;
    case "nested":
        table.Register(1000, (in SyscallArgs a) => table.Invoke(1001));
        break;
    case "uco-caught":
        unsafe { table.Register(1000, &UnmanagedHandlers.Caught); }
        break;
    case "uco-nested":
        UnmanagedHandlers.Table = table;
        unsafe { table.Register(1000, &UnmanagedHandlers.Nested); }
        break;
}
if (mode == "cancel")
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
    try
    {
        Console.WriteLine($"not cancelled: status {cosmos.RunAsync(program, rest, timeout.Token).GetAwaiter().GetResult()}");
        return 1;
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"cancelled: signal {cosmos.TerminatingSignal}, stranded threads {cosmos.StrandedThreads}");
        return 0;
    }
}
try
{
    int status = cosmos.Run(program, rest);
    if (mode == "invoke")
    {
        table.Invoke(1001);
        Console.WriteLine("no fault");
        return 1;
    }
    Console.WriteLine($"status {status}");
}
catch (SyscallHandlerException ex)
{
    Console.WriteLine($"status {ex.ExitStatus}, handler exceptions: {string.Join(", ", ex.InnerExceptions.Select(e => e.GetType().Name))}");
}
catch (MainThreadLostException ex)
{
    Console.WriteLine($"main thread lost: {ex.Message}; exit {ex.ExitStatus}");
}
catch (GuestFaultException ex)
{
    var f = ex.Fault;
    Console.WriteLine($"{f}; object {f.ObjectName}, offset 0x{f.Offset:x}, symbol {f.Symbol}, exit {ex.ExitStatus}");
}
return 0;

static nint Dereference(string? text) => text!.Length;

static nint Deep(nint depth) => depth < 0 ? 0 : Deep(depth + 1) + 1;

internal static class UnmanagedHandlers
{
    public static SyscallTable? Table;

    /// <summary>Catches its own NullReferenceException (a fault in C# code, which must stay .NET's) and returns 1.</summary>
    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    public static nint Caught(nint number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        try
        {
            return Length(null);
        }
        catch (NullReferenceException)
        {
            return 1;
        }
    }

    /// <summary>Calls the guest's 1001, which faults; nothing may escape an UnmanagedCallersOnly method,
    /// so it returns 0, and the thunk around it ends the thread.</summary>
    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    public static nint Nested(nint number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        try
        {
            return Table!.Invoke(1001);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static nint Length(string? text) => text!.Length;
}
