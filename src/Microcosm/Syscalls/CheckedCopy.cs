using Microcosm.Faults;
using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Syscalls;

/// <summary>
/// <c>intptr_t mc_copy_checked(void *dst, const void *src, size_t n)</c>: copies <c>n</c> bytes and returns 0,
/// or -EFAULT if reading <c>src</c> or writing <c>dst</c> faults. Modelled on Linux's exception tables
/// (<c>copy_from_user</c>): the copy is one instruction, registered in <see cref="FaultFixups"/>, so that the fault
/// route, before anything else, resumes a SIGSEGV or SIGBUS raised by it at <c>fixup</c>, with the stack as it was,
/// and the stub returns -EFAULT to its caller. Nothing about the thread matters (a Microcosm thread or not, guest
/// code or a C# handler), so C# code and guest modules alike can check a pointer a guest gave them by using it,
/// without racing another thread that unmaps it in between, as a separate check would.
/// <para>
/// Exported by the built-in <c>libmicrocosm.so</c> (docs/abi.md); the C# side is <see cref="GuestMemory"/>.
/// Process-wide and never unmapped: the fault route refers to it. Its first use installs the fault handler.
/// </para>
/// </summary>
internal static unsafe class CheckedCopy
{
    public const string Entry = "mc_copy_checked";

    private static readonly ExecutableCode Code = Emit();

    private static ExecutableCode Emit()
    {
        var code = ExecutableCode.Emit((a, mark) =>
        {
            mark(Entry);                 // rdi = dst, rsi = src, rdx = n; DF is clear on entry (System V)
            a.mov(rcx, rdx);
            mark("copy");
            a.rep.movsb();               // the one instruction that may fault: rip stays on it, partly done
            mark("copy_end");
            a.xor(eax, eax);
            a.ret();
            mark("fixup");               // where the fault route resumes the thread; rsp is the caller's
            a.mov(rax, (long)-Errno.EFAULT);
            a.ret();
        });
        FaultFixups.Add(code["copy"], code["copy_end"], code["fixup"]);
        FaultHandler.EnsureInstalled();
        return code;
    }

    /// <summary>The native entry point, for the export and for C#.</summary>
    public static nint Address => Code[Entry];

    /// <summary>The copy for C#: in the host's convention (<see cref="HostEntries.Export"/>).</summary>
    public static readonly delegate* unmanaged<void*, void*, nuint, nint> Copy =
        (delegate* unmanaged<void*, void*, nuint, nint>)HostEntries.Export(Code[Entry]);
}
