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
    private static readonly nint Allocate = Export("VirtualAlloc");

    /// <summary>The TEB's stack fields (NT_TIB's StackBase and StackLimit, DeallocationStack): what Windows knows a
    /// thread's stack by, and what SwitchToFiber changes when a fiber's stack takes over.</summary>
    private static readonly int[] TebStack = [0x08, 0x10, 0x1478];

    /// <summary>The emitted guard routine (<see cref="EmitGuardStack"/>): for generated code, and for C#.</summary>
    private nint _guard;
    private delegate* unmanaged<nint, nint, void> _guardFromCSharp;

    /// <summary>The description is the guarantee's size (a ULONG SetThreadStackGuarantee reads and writes): a fault stack's size, up to 64 KiB.</summary>
    public override void DescribeStack(byte* description, nint low, nuint size) => *(uint*)description = (uint)Math.Min(size, 64u << 10);

    /// <summary>Raises the calling thread's guarantee and guards the bottom of its stack; nothing to take back later, so false.</summary>
    public override bool InstallStack(byte* description)
    {
        uint size = *(uint*)description;
        SetThreadStackGuarantee(&size);
        nuint low, high;
        GetCurrentThreadStackLimits(&low, &high);
        Guard((nint)low, (nint)high);
        return false;
    }

    public override void RemoveStack(byte* description) { }

    /// <summary><c>SetThreadStackGuarantee(rdi)</c> (the description is the ULONG it takes), then the guard of the
    /// thread's stack, for a thread started natively.</summary>
    public override void EmitInstallStack(Assembler a)
    {
        HostPlatform.Calls.EmitCall(a, SetGuarantee);
        EmitGuardCurrentStack(a);
    }

    /// <summary>Guards the calling thread's stack as the TEB describes it (<see cref="EmitGuardStack"/>); clobbers what a
    /// System V call may.</summary>
    private void EmitGuardCurrentStack(Assembler a)
    {
        if (_guard == 0) throw new InvalidOperationException("the stack guard is emitted before the code that calls it");
        a.sub(rsp, 16);                       // [rsp] low, [rsp+8] high; still aligned
        a.lea(rdi, __qword_ptr[rsp]);
        a.lea(rsi, __qword_ptr[rsp + 8]);
        HostPlatform.Calls.EmitCall(a, StackLimits);
        a.pop(rdi);
        a.pop(rsi);
        a.mov(rax, (ulong)_guard);
        a.call(rax);
    }

    /// <summary>
    /// A guest thread's stack is committed whole (WindowsThreads), so an overflow reaches the reservation's last page
    /// with the stack pointer right above it, and there Windows — Wine at least — cannot write the exception's frame
    /// below the stack pointer and ends the thread before any handler runs. Guard pages over the bottom of the stack
    /// (the overflow zone, above that last page) give the overflow back its place: touching one only moves the guard
    /// down, as for a stack Windows grows, until what is left is the guarantee, where STATUS_STACK_OVERFLOW is raised
    /// with room below the stack pointer for the handlers. They are committed as guard pages (MEM_COMMIT sets the
    /// protection of pages already committed too): a fork child's copy of a stack has its zone only reserved.
    /// </summary>
    public override void EmitGuardStack(Assembler a)
    {
        var done = a.CreateLabel();           // rdi = low, rsi = high: the reservation
        a.mov(rax, rsi);
        a.sub(rax, rdi);
        a.cmp(rax, WindowsThreads.OverflowZone * 2);
        a.jbe(done);
        a.sub(rsp, 8);                        // aligned for the call
        a.add(rdi, HostMemory.PageSize);      // the reservation's last page stays inaccessible
        a.mov(esi, WindowsThreads.OverflowZone - HostMemory.PageSize);
        a.mov(edx, (int)MEM_COMMIT);
        a.mov(ecx, (int)(PAGE_READWRITE | PAGE_GUARD));
        HostPlatform.Calls.EmitCall(a, Allocate);
        a.add(rsp, 8);
        a.Label(ref done);
        a.ret();
    }

    public override void InstallGuardStack(nint systemV, nint host)
    {
        _guard = systemV;
        _guardFromCSharp = (delegate* unmanaged<nint, nint, void>)host;
    }

    public override void EmitSaveStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch)
    {
        for (int i = 0; i < TebStack.Length; i++)
        {
            a.mov(scratch, __qword_ptr.gs[TebStack[i]]);
            a.mov(__qword_ptr[limits + 8 * i], scratch);
        }
    }

    /// <summary>The TEB's limits for [low, low + size) with its reservation starting <paramref name="guard"/> below,
    /// and that reservation's bottom guarded as a thread's own stack's is.</summary>
    public override void PrepareStack(byte* limits, nint low, nuint size, nint guard)
    {
        var teb = (nint*)limits;
        teb[0] = low + (nint)size;            // StackBase
        teb[1] = low;                         // StackLimit: the lowest page in use that is no guard
        teb[2] = low - guard;                 // DeallocationStack
        Guard(low - guard, low + (nint)size);
    }

    private void Guard(nint low, nint high)
    {
        if (_guardFromCSharp == null) throw new InvalidOperationException("the stack guard is not installed yet (FaultHandler installs it)");
        _guardFromCSharp(low, high);
    }

    public override void EmitUseStack(Assembler a, AssemblerRegister64 limits, AssemblerRegister64 scratch)
    {
        for (int i = 0; i < TebStack.Length; i++)
        {
            a.mov(scratch, __qword_ptr[limits + 8 * i]);
            a.mov(__qword_ptr.gs[TebStack[i]], scratch);
        }
    }

    public override void EmitHandler(Assembler a, nint route) => VectoredFaultHandler.Emit(a, route, EmitGuardCurrentStack);

    /// <summary>First in line (AddVectoredExceptionHandler(1, …)): before the .NET runtime's vectored handler.</summary>
    public override void InstallHandler(nint handler)
    {
        if (AddVectoredExceptionHandler(1, handler) == 0)
            throw new InvalidOperationException("cannot install the fault handler: AddVectoredExceptionHandler failed");
    }
}
