using System.Runtime.InteropServices;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>
/// The record a C# → guest call leaves on its own stack so that guest frames above it can be
/// discarded: where the entry trampoline's frame is, whether the call was unwound, and the
/// enclosing boundary of the same thread.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Boundary
{
    public nint SavedStack;   // rsp inside enter(), after its own pushes
    public nint Unwound;      // 1 when unwind() came back through this boundary
    public unsafe Boundary* Previous;
}

/// <summary>
/// The one way the core enters guest code (program entry, initializers, thread functions, syscalls
/// made from C#): <c>enter(boundary, fn, args)</c> saves the callee-saved registers and the FPU/SSE
/// control words, records its stack pointer in the boundary and calls <c>fn</c> with seven
/// arguments (six in registers, one on the stack). <c>unwind(boundary, value)</c> discards every
/// guest frame above that boundary and makes <c>enter</c> return <c>value</c>; it is only ever
/// jumped to from native code (the handler thunks' tail), never through managed frames.
/// </summary>
internal static unsafe class GuestEntry
{
    private static readonly ExecutableCode Code = Emit();

    public static delegate* unmanaged<Boundary*, nint, nint*, nint> Enter =>
        (delegate* unmanaged<Boundary*, nint, nint*, nint>)Code["enter"];

    /// <summary>Native address of <c>unwind(Boundary*, nint)</c>.</summary>
    public static nint Unwind => Code["unwind"];

    private static ExecutableCode Emit() => ExecutableCode.Emit((a, mark) =>
    {
        var resume = a.CreateLabel();
        mark("enter");                       // rdi = boundary, rsi = fn, rdx = args[7]
        a.push(rbp);
        a.mov(rbp, rsp);
        a.push(rbx);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        a.sub(rsp, 24);                      // [rsp] stack argument, [rsp+8] mxcsr, [rsp+12] x87 cw; aligned
        a.stmxcsr(__dword_ptr[rsp + 8]);
        a.fnstcw(__word_ptr[rsp + 12]);
        a.mov(__qword_ptr[rdi], rsp);        // boundary->SavedStack
        a.mov(__qword_ptr[rdi + 8], 0);      // boundary->Unwound = 0
        a.mov(rax, rsi);
        a.mov(r10, rdx);
        a.mov(r11, __qword_ptr[r10 + 48]);
        a.mov(__qword_ptr[rsp], r11);
        a.mov(rdi, __qword_ptr[r10]);
        a.mov(rsi, __qword_ptr[r10 + 8]);
        a.mov(rdx, __qword_ptr[r10 + 16]);
        a.mov(rcx, __qword_ptr[r10 + 24]);
        a.mov(r8, __qword_ptr[r10 + 32]);
        a.mov(r9, __qword_ptr[r10 + 40]);
        a.call(rax);
        a.Label(ref resume);
        a.ldmxcsr(__dword_ptr[rsp + 8]);
        a.fldcw(__word_ptr[rsp + 12]);
        a.add(rsp, 24);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.pop(rbp);
        a.ret();

        mark("unwind");                      // rdi = boundary, rsi = value
        a.mov(rsp, __qword_ptr[rdi]);
        a.mov(__qword_ptr[rdi + 8], 1);
        a.mov(rax, rsi);
        a.jmp(resume);
    });
}
