using System.Runtime.InteropServices;
using Iced.Intel;

namespace Microcosm.Host.Posix;

/// <summary>
/// Faults as signals: one handler for SIGSEGV, SIGBUS, SIGILL and SIGFPE (<see cref="SignalFaultHandler"/>),
/// installed with sigaction in front of the .NET runtime's, and alternate signal stacks to run it on.
/// </summary>
internal sealed unsafe class PosixFaults : HostFaults
{
    /// <summary>The signals a fault raises: Linux's numbers are the target's (<see cref="FaultSignals"/>).</summary>
    public static readonly int[] Handled = [FaultSignals.SIGSEGV, FaultSignals.SIGBUS, FaultSignals.SIGILL, FaultSignals.SIGFPE];

    /// <summary>The handler installed before ours for each signal, indexed by signal number (0 = SIG_DFL,
    /// 1 = SIG_IGN): what the handler passes other faults on to. Native, and never freed: the handler reads it.</summary>
    private readonly nint* _previous = (nint*)NativeMemory.AllocZeroed((nuint)(Signals.MaxSignal + 1), (nuint)sizeof(nint));

    /// <summary>A <c>stack_t</c> (24 bytes: <see cref="HostFaults.StackDescriptionSize"/>).</summary>
    public override void DescribeStack(byte* description, nint low, nuint size) =>
        *(Signals.StackT*)description = new Signals.StackT { Pointer = low, Flags = 0, Size = size };

    public override bool InstallStack(byte* description)
    {
        Signals.StackT current;
        if (Signals.sigaltstack(null, &current) != 0 || (current.Flags & Signals.SS_DISABLE) == 0) return false;
        return Signals.sigaltstack((Signals.StackT*)description, null) == 0;
    }

    public override void RemoveStack(byte* description)
    {
        Signals.StackT current;
        if (Signals.sigaltstack(null, &current) == 0 && current.Pointer == ((Signals.StackT*)description)->Pointer)
        {
            var disable = new Signals.StackT { Flags = Signals.SS_DISABLE };
            Signals.sigaltstack(&disable, null);
        }
    }

    public override void EmitInstallStack(Assembler a) => SignalFaultHandler.EmitSigAltStack(a);

    /// <summary>The guard below each stack is an inaccessible mapping, never used up: nothing to set.</summary>
    public override void EmitGuardStack(Assembler a) => a.ret();

    public override void InstallGuardStack(nint systemV, nint host) { }

    /// <summary>Linux knows no thread's stack by its limits: a fault is delivered on the alternate signal stack, wherever
    /// the thread's stack pointer is.</summary>
    public override void EmitSaveStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch) { }

    /// <summary>Nothing: the copy's guard is below it as the stack's was (unmapped or inaccessible) and stays.</summary>
    public override void PrepareStack(byte* limits, nint low, nuint size, nint guard) { }

    public override void EmitUseStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch) { }

    public override void EmitHandler(Assembler a, nint route) => SignalFaultHandler.Emit(a, route, (nint)_previous);

    public override void InstallHandler(nint handler)
    {
        // The table is filled before ours is installed, so that the handler never reads an empty entry
        // for a handler that exists; a runtime that changed its handler in between would be missed.
        foreach (int signal in Handled)
        {
            Signals.SigAction old;
            Check(Signals.sigaction(signal, null, &old), signal);
            _previous[signal] = old.Handler;
        }
        foreach (int signal in Handled)
        {
            Signals.SigAction action = default;
            action.Handler = handler;
            Signals.sigemptyset(action.Mask);
            // SA_ONSTACK: a stack overflow leaves no stack to run a handler on; guest threads have an
            // alternate one. SA_NODEFER is not set: the signal is blocked while we decide.
            action.Flags = Signals.SA_SIGINFO | Signals.SA_ONSTACK | Signals.SA_RESTART;
            Signals.SigAction old;
            Check(Signals.sigaction(signal, &action, &old), signal);
            _previous[signal] = old.Handler;
        }
    }

    private static void Check(int result, int signal)
    {
        if (result != 0)
            throw new InvalidOperationException($"cannot install the fault handler for {FaultSignals.Name(signal)}: {PosixError.Last()}");
    }
}
