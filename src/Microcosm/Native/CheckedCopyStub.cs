using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>
/// <c>intptr_t mc_copy_checked(void *dst, const void *src, size_t n)</c>: copies <c>n</c> bytes and returns 0,
/// or -EFAULT (-14) if reading <c>src</c> or writing <c>dst</c> faults. Modelled on Linux's exception tables
/// (<c>copy_from_user</c>): the copy is one instruction, and the fault handler (<see cref="Faults.FaultRoute"/>),
/// before anything else, resumes a SIGSEGV or SIGBUS raised by that instruction at <c>fixup</c>, with the
/// stack as it was, so the stub returns -EFAULT to its caller. Nothing about the thread matters (a Microcosm
/// thread or not, guest code or a C# handler), so C# code and guest modules alike can check a pointer a guest
/// gave them by using it, without racing another thread that unmaps it in between, as a separate check would.
/// <para>
/// Exported by the built-in <c>libmicrocosm.so</c> (docs/abi.md); the C# side is
/// <see cref="Syscalls.GuestMemory"/>. Process-wide and never unmapped: the fault handler refers to it.
/// </para>
/// </summary>
internal static unsafe class CheckedCopyStub
{
    public const string Entry = "mc_copy_checked";

    private static readonly ExecutableCode Code = ExecutableCode.Emit((a, mark) =>
    {
        mark(Entry);                 // rdi = dst, rsi = src, rdx = n; DF is clear on entry (System V)
        a.mov(rcx, rdx);
        mark("copy");
        a.rep.movsb();               // the one instruction that may fault: rip stays on it, partly done
        mark("copy_end");
        a.xor(eax, eax);
        a.ret();
        mark("fixup");               // where the fault handler resumes the thread; rsp is the caller's
        a.mov(rax, (long)-Syscalls.Errno.EFAULT);
        a.ret();
    });

    /// <summary>The native entry point, for the export and for C#.</summary>
    public static nint Address => Code[Entry];

    public static delegate* unmanaged<void*, void*, nuint, nint> Copy => (delegate* unmanaged<void*, void*, nuint, nint>)Code[Entry];

    /// <summary>The faulting instructions the handler redirects: <c>[Start, End)</c>.</summary>
    public static nint Start => Code["copy"];
    public static nint End => Code["copy_end"];

    /// <summary>Where a fault in <c>[Start, End)</c> resumes.</summary>
    public static nint Fixup => Code["fixup"];
}
