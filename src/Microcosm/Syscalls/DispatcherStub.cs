using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Syscalls;

/// <summary>
/// The per-instance entry point behind <c>mc_syscall</c> and <c>mc_syscall6</c>. For a number in the
/// dense table it loads the handler and jumps to it with every argument register and the stack as
/// the guest left them; an empty entry returns -ENOSYS. Numbers outside the dense range, every call
/// while a kill is pending (or tracing is on: the table adds itself to the pending count) go to a managed entry instead.
/// </summary>
internal static class DispatcherStub
{
    public const string Entry = "mc_syscall";

    /// <summary>
    /// The normal dispatcher over a dense table of <c>count</c> entries for numbers from <c>-bias</c>.
    /// <c>killsPending</c> is a word that is not 0 while some thread of the instance has a kill pending:
    /// then every call goes to <c>slowPath</c>, which ends the caller if it is the one killed.
    /// </summary>
    public static ExecutableCode EmitDirect(nint table, int bias, int count, nint outOfRange, nint killsPending, nint slowPath)
    {
        return ExecutableCode.Emit((a, mark) =>
        {
            var enosys = a.CreateLabel();
            var sparse = a.CreateLabel();
            var slow = a.CreateLabel();
            mark(Entry);
            a.mov(rax, (ulong)killsPending);
            a.cmp(__qword_ptr[rax], 0);
            a.jne(slow);
            a.lea(rax, __[rdi + bias]);
            a.cmp(rax, count);
            a.jae(sparse);                     // unsigned: catches numbers below -bias too
            a.mov(r11, (ulong)table);
            a.mov(rax, __qword_ptr[r11 + rax * 8]);
            a.test(rax, rax);
            a.jz(enosys);
            a.jmp(rax);
            a.Label(ref enosys);
            a.mov(rax, (long)-Errno.ENOSYS);
            a.ret();
            a.Label(ref sparse);
            a.mov(rax, (ulong)outOfRange);
            a.jmp(rax);
            a.Label(ref slow);
            a.mov(rax, (ulong)slowPath);
            a.jmp(rax);
        });
    }
}
