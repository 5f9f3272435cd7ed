using Iced.Intel;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Windows;

/// <summary>
/// The crossings between System V (guest code, modules, generated code) and Win64 (C#, Windows, the host's thread
/// start and exception dispatch). Win64 passes four arguments in rcx, rdx, r8 and r9 and the rest on the stack above
/// 32 bytes of shadow space the caller provides; it preserves rsi, rdi and xmm6-15, which System V does not.
/// <list type="bullet">
/// <item>System V → Win64 (<see cref="EmitCallRax"/>): one shared bridge moves the arguments and makes the frame. The
/// Win64 callee preserves more than a System V caller needs, so nothing else is saved.</item>
/// <item>Win64 → System V (<see cref="Export"/>): an adapter per exported function saves rsi, rdi and xmm6-15 (the
/// System V callee may change them; the Win64 caller counts on them), moves the arguments and calls it.</item>
/// </list>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class Win64Calls : HostCalls
{
    /// <summary><c>bridge</c>: rax = the Win64 function; System V arguments; the seventh at the caller's [rsp].
    /// Emitted at first use (a class of its own), not while the host seam is being chosen.</summary>
    private static class Bridge
    {
        public static readonly nint Address = ExecutableCode.Emit((a, mark) =>
        {
            mark("bridge");
            a.push(rbp);                          // rsp was 8 mod 16 (after the call): aligned now
            a.mov(rbp, rsp);
            a.sub(rsp, 64);                       // shadow space (32), the fifth to seventh arguments, padding
            a.mov(__qword_ptr[rsp + 32], r8);
            a.mov(__qword_ptr[rsp + 40], r9);
            a.mov(r10, __qword_ptr[rbp + 16]);    // the caller's [rsp]: its seventh argument, if it passed one
            a.mov(__qword_ptr[rsp + 48], r10);
            a.mov(r8, rdx);
            a.mov(r9, rcx);
            a.mov(rcx, rdi);
            a.mov(rdx, rsi);
            a.call(rax);
            a.leave();
            a.ret();
        })["bridge"];
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<nint, ExecutableCode> _exports = [];

    public override void EmitCallRax(Assembler a)
    {
        a.mov(r11, (ulong)Bridge.Address);
        a.call(r11);
    }

    public override nint Export(nint function)
    {
        lock (_gate)
        {
            if (!_exports.TryGetValue(function, out var adapter))
                _exports.Add(function, adapter = EmitAdapter(function));
            return adapter["export"];
        }
    }

    /// <summary>A Win64 function that calls the System V <paramref name="function"/> with its (up to six) arguments.</summary>
    private static ExecutableCode EmitAdapter(nint function) => ExecutableCode.Emit((a, mark) =>
    {
        const int saved = 160;                // xmm6-15
        mark("export");
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
    });

    private static AssemblerRegisterXMM Xmm(int n) => n switch
    {
        6 => xmm6, 7 => xmm7, 8 => xmm8, 9 => xmm9, 10 => xmm10,
        11 => xmm11, 12 => xmm12, 13 => xmm13, 14 => xmm14, _ => xmm15,
    };
}
