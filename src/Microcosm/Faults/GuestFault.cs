namespace Microcosm;

/// <summary>
/// A fault raised by guest code (SIGSEGV, SIGBUS, SIGILL or SIGFPE): where it happened and what the
/// signal said. The location is symbolized after the fact: the object that holds the faulting
/// instruction, the offset in it (an ELF virtual address, as <c>nm</c> shows symbols) and the nearest
/// symbol at or below it (from <c>.symtab</c> when the file has one, else <c>.dynsym</c>).
/// See docs/faults.md for the report's exact format.
/// </summary>
public sealed record GuestFault
{
    /// <summary>The signal number (11 SIGSEGV, 7 SIGBUS, 4 SIGILL, 8 SIGFPE).</summary>
    public required int Signal { get; init; }
    /// <summary>The signal's <c>si_code</c> (e.g. SEGV_MAPERR 1, SEGV_ACCERR 2, FPE_INTDIV 1, ILL_ILLOPN 2).</summary>
    public required int Code { get; init; }
    /// <summary>The Microcosm thread that faulted, or 0 if it was a host thread that is not one.</summary>
    public required long ThreadId { get; init; }
    /// <summary>The address of the faulting instruction.</summary>
    public required nint ProgramCounter { get; init; }
    /// <summary><c>si_addr</c>: the data address for SIGSEGV and SIGBUS, the instruction for SIGILL and SIGFPE.</summary>
    public required nint Address { get; init; }
    public required nint StackPointer { get; init; }
    /// <summary>The file name of the object holding <see cref="ProgramCounter"/>; null if it is in no loaded object.</summary>
    public string? ObjectName { get; init; }
    public string? ObjectPath { get; init; }
    /// <summary>The faulting instruction's offset in <see cref="ObjectName"/>, as an ELF virtual address.</summary>
    public ulong Offset { get; init; }
    /// <summary>The nearest symbol at or below <see cref="Offset"/>, or null if the object has none.</summary>
    public string? Symbol { get; init; }
    /// <summary>The data address lies in the guard region below the thread's stack.</summary>
    public bool StackOverflow { get; init; }

    public string SignalName => Host.FaultSignals.Name(Signal);

    /// <summary>What a shell reports for a process killed by the signal: 128 + signal.</summary>
    public int ExitStatus => 128 + Signal;

    /// <summary><c>OBJECT+0xOFFSET (SYMBOL)</c>, or <c>0xADDRESS (unknown)</c> outside every loaded object.</summary>
    public string Location => ObjectName == null
        ? $"0x{(ulong)ProgramCounter:x} (unknown)"
        : $"{ObjectName}+0x{Offset:x} ({Symbol ?? "?"})";

    /// <summary><c>fault SIGSEGV at OBJECT+0xOFFSET (SYMBOL)[, address 0xADDR][, stack overflow], thread N</c>.</summary>
    public override string ToString()
    {
        string text = $"fault {SignalName} at {Location}";
        if (Signal is Host.FaultSignals.SIGSEGV or Host.FaultSignals.SIGBUS) text += $", address 0x{(ulong)Address:x}";
        if (StackOverflow) text += ", stack overflow";
        return text + $", thread {ThreadId}";
    }
}

/// <summary>
/// Guest code faulted. <see cref="Cosmos.Run(string, IReadOnlyList{string}?)"/> throws it when a program's thread faulted (the whole
/// program ends, as on Linux; its finalizers do not run); <see cref="Syscalls.SyscallTable.Invoke"/>
/// throws it when guest code it called faulted on a thread that is not a Microcosm thread.
/// </summary>
public sealed class GuestFaultException(GuestFault fault) : Exception(fault.ToString())
{
    public GuestFault Fault { get; } = fault;

    /// <summary>128 + the signal, what the CLI exits with.</summary>
    public int ExitStatus => Fault.ExitStatus;
}
