using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Windows;

/// <summary>
/// The crossings between System V (guest code, modules, generated code) and Win64 (C#, Windows, the host's thread
/// start and exception dispatch). Win64 passes four arguments in rcx, rdx, r8 and r9 and the rest on the stack above
/// 32 bytes of shadow space the caller provides; it preserves rsi, rdi and xmm6-15, which System V does not.
/// <list type="bullet">
/// <item>System V → Win64 (<see cref="EmitCallRax"/>): a frame of its own around the call moves the arguments into
/// place. The Win64 callee preserves more than a System V caller needs, so nothing else is saved.</item>
/// <item>Win64 → System V (<see cref="EmitAdapter"/>): an adapter saves rsi, rdi and xmm6-15 (the System V callee may
/// change them; the Win64 caller counts on them), moves the arguments and calls the function.</item>
/// </list>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class Win64Calls : HostCalls
{
    public override void EmitCallRax(Assembler a)
    {
        a.push(rbp);                          // rsp was 0 mod 16 (a call site): 8 now, 0 after the 72 below
        a.mov(rbp, rsp);
        a.sub(rsp, 72);                       // shadow space (32), the fifth to seventh arguments, padding
        a.mov(__qword_ptr[rsp + 32], r8);
        a.mov(__qword_ptr[rsp + 40], r9);
        a.mov(r10, __qword_ptr[rbp + 8]);     // the caller's [rsp]: its seventh argument, if it passed one
        a.mov(__qword_ptr[rsp + 48], r10);
        a.mov(r8, rdx);
        a.mov(r9, rcx);
        a.mov(rcx, rdi);
        a.mov(rdx, rsi);
        a.call(rax);
        a.leave();
    }

    public override bool CallsSystemVDirectly => false;

    public override void EmitAdapter(Assembler a, nint function)
    {
        const int saved = 160;                // xmm6-15
        a.push(rbp);                          // aligned after this push; rbp = the entry rsp - 8
        a.mov(rbp, rsp);
        a.push(rsi);
        a.push(rdi);
        a.sub(rsp, saved);                    // 16 + 160: aligned again
        for (int i = 0; i < 10; i++) a.movaps(__xmmword_ptr[rsp + 16 * i], Xmm(6 + i));
        a.mov(rdi, rcx);
        a.mov(rsi, rdx);
        a.mov(rdx, r8);
        a.mov(rcx, r9);
        a.mov(r8, __qword_ptr[rbp + 48]);     // the caller's fifth and sixth, above its return address and shadow space
        a.mov(r9, __qword_ptr[rbp + 56]);
        a.mov(rax, (ulong)function);
        a.call(rax);
        for (int i = 0; i < 10; i++) a.movaps(Xmm(6 + i), __xmmword_ptr[rsp + 16 * i]);
        a.add(rsp, saved);
        a.pop(rdi);
        a.pop(rsi);
        a.pop(rbp);
        a.ret();
    }

    private static AssemblerRegisterXMM Xmm(int n) => n switch
    {
        6 => xmm6, 7 => xmm7, 8 => xmm8, 9 => xmm9, 10 => xmm10,
        11 => xmm11, 12 => xmm12, 13 => xmm13, 14 => xmm14, _ => xmm15,
    };
}
