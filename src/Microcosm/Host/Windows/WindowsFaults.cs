using Iced.Intel;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Faults as exceptions: one vectored handler, first in line (<see cref="VectoredFaultHandler"/>). Windows runs a
/// handler on the faulting thread's own stack; after a stack overflow there is only what the thread's stack
/// guarantee leaves, so a thread's "fault stack" here is that guarantee (SetThreadStackGuarantee), which Windows keeps
/// free below the guard page for the handlers of a stack overflow.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsFaults : HostFaults
{
    private static readonly nint SetGuarantee = Export("SetThreadStackGuarantee");

    /// <summary>The description is the guarantee's size (a ULONG SetThreadStackGuarantee reads and writes): a fault stack's size, up to 64 KiB.</summary>
    public override void DescribeStack(byte* description, nint low, nuint size) => *(uint*)description = (uint)Math.Min(size, 64u << 10);

    /// <summary>Raises the calling thread's guarantee; nothing to take back later, so false.</summary>
    public override bool InstallStack(byte* description)
    {
        uint size = *(uint*)description;
        SetThreadStackGuarantee(&size);
        return false;
    }

    public override void RemoveStack(byte* description) { }

    /// <summary><c>SetThreadStackGuarantee(rdi)</c>: the description is the ULONG it takes.</summary>
    public override void EmitInstallStack(Assembler a) =>
        HostPlatform.Calls.EmitCall(a, SetGuarantee);

    public override void EmitHandler(Assembler a, nint route) => VectoredFaultHandler.Emit(a, route);

    /// <summary>First in line (AddVectoredExceptionHandler(1, …)): before the .NET runtime's vectored handler.</summary>
    public override void InstallHandler(nint handler)
    {
        if (AddVectoredExceptionHandler(1, handler) == 0)
            throw new InvalidOperationException("cannot install the fault handler: AddVectoredExceptionHandler failed");
    }
}
