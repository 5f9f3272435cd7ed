using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
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
    private static readonly nint StackLimits = Export("GetCurrentThreadStackLimits");
    private static readonly nint Protect = Export("VirtualProtect");

    /// <summary>The description is the guarantee's size (a ULONG SetThreadStackGuarantee reads and writes): a fault stack's size, up to 64 KiB.</summary>
    public override void DescribeStack(byte* description, nint low, nuint size) => *(uint*)description = (uint)Math.Min(size, 64u << 10);

    /// <summary>Raises the calling thread's guarantee and makes the bottom of its stack guard pages (<see cref="GuardStackBottom"/>);
    /// nothing to take back later, so false.</summary>
    public override bool InstallStack(byte* description)
    {
        uint size = *(uint*)description;
        SetThreadStackGuarantee(&size);
        GuardStackBottom();
        return false;
    }

    /// <summary>
    /// A guest thread's stack is committed whole (WindowsThreads), so an overflow reaches the reservation's last page
    /// with the stack pointer right above it, and there Windows — Wine at least — cannot write the exception's frame
    /// below the stack pointer and ends the thread before any handler runs. Guard pages over the bottom of the stack
    /// (the overflow zone, above that last page) give the overflow back its place: touching one only moves the guard
    /// down, as for a stack Windows grows, until what is left is the guarantee, where STATUS_STACK_OVERFLOW is raised
    /// with room below the stack pointer for the handlers.
    /// </summary>
    private static void GuardStackBottom()
    {
        nuint low, high;
        GetCurrentThreadStackLimits(&low, &high);
        if (high - low <= (nuint)WindowsThreads.OverflowZone * 2) return;
        uint old;
        VirtualProtect((nint)low + HostMemory.PageSize, WindowsThreads.OverflowZone - HostMemory.PageSize, PAGE_READWRITE | PAGE_GUARD, &old);
    }

    public override void RemoveStack(byte* description) { }

    /// <summary><c>SetThreadStackGuarantee(rdi)</c> (the description is the ULONG it takes), then the guard pages of
    /// <see cref="GuardStackBottom"/>, for a thread started natively.</summary>
    public override void EmitInstallStack(Assembler a)
    {
        var done = a.CreateLabel();
        HostPlatform.Calls.EmitCall(a, SetGuarantee);
        a.sub(rsp, 32);                       // [rsp] low, [rsp+8] high, [rsp+16] the old protection; still aligned
        a.lea(rdi, __qword_ptr[rsp]);
        a.lea(rsi, __qword_ptr[rsp + 8]);
        HostPlatform.Calls.EmitCall(a, StackLimits);
        a.mov(rax, __qword_ptr[rsp + 8]);
        a.sub(rax, __qword_ptr[rsp]);
        a.cmp(rax, WindowsThreads.OverflowZone * 2);
        a.jbe(done);
        a.mov(rdi, __qword_ptr[rsp]);
        a.add(rdi, HostMemory.PageSize);
        a.mov(esi, WindowsThreads.OverflowZone - HostMemory.PageSize);
        a.mov(edx, (int)(PAGE_READWRITE | PAGE_GUARD));
        a.lea(rcx, __qword_ptr[rsp + 16]);
        HostPlatform.Calls.EmitCall(a, Protect);
        a.Label(ref done);
        a.add(rsp, 32);
    }

    public override void EmitHandler(Assembler a, nint route) => VectoredFaultHandler.Emit(a, route);

    /// <summary>First in line (AddVectoredExceptionHandler(1, …)): before the .NET runtime's vectored handler.</summary>
    public override void InstallHandler(nint handler)
    {
        if (AddVectoredExceptionHandler(1, handler) == 0)
            throw new InvalidOperationException("cannot install the fault handler: AddVectoredExceptionHandler failed");
    }
}
