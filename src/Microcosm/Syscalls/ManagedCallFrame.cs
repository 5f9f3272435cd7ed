using Iced.Intel;
using Microcosm.Faults;
using Microcosm.Host;
using Microcosm.Threads;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Syscalls;

/// <summary>
/// What every thunk that calls C# code from guest code does around the call (faults.md, threads.md):
/// <list type="bullet">
/// <item>The thread's active boundary (<see cref="GuestEntry.ActiveSlot"/>, read with one instruction
/// where the host's layout allows, else with a call: <see cref="HostThreadSlots.TryEmitDirectGet"/>) is
/// marked <em>in managed code</em> while the C# code runs, so that a fault there stays .NET's (a
/// NullReferenceException stays an exception), and unmarked when it returns.</item>
/// <item>Then, if the thread is ending (<see cref="ThreadRecord.Terminating"/>, reached through
/// the boundary), it jumps to <see cref="GuestEntry.Unwind"/> with the boundary and the exit value: here,
/// after the managed frame has returned, so unwinding never crosses managed frames. The check follows
/// every call, so a handler that swallowed the termination does not stop it. A thunk called from managed
/// code (the boundary was already marked) leaves the unwinding to the thunk below it.</item>
/// </list>
/// The active boundary is the thread's innermost one (the same enter sets both): the one to unwind.
/// Frame: <see cref="Open"/> pushes rbx (which holds the boundary across the call) and reserves
/// <see cref="FrameSize"/> bytes, leaving rsp 16-byte aligned; the argument registers survive it.
/// </summary>
internal static class ManagedCallFrame
{
    public const int FrameSize = 64;

    /// <summary>rsp + this = the address of the thunk's own 7th argument (f) once the frame is open.</summary>
    public const int SeventhArgument = FrameSize + 8 + 8;

    /// <summary>Opens the frame, loads the active boundary into rbx and marks it. <paramref name="spill"/>
    /// (at least 48 bytes of the frame from this offset) keeps the argument registers across the slot call.</summary>
    public static void Open(Assembler a, int spill)
    {
        a.push(rbx);                               // rsp was 8 mod 16: now aligned
        a.sub(rsp, FrameSize);
        if (!HostPlatform.Slots.TryEmitDirectGet(a, GuestEntry.ActiveSlot, rbx))
        {
            AssemblerRegister64[] registers = [rdi, rsi, rdx, rcx, r8, r9];
            for (int i = 0; i < registers.Length; i++) a.mov(__qword_ptr[rsp + spill + 8 * i], registers[i]);
            a.push(rax);
            a.push(rax);                           // keeps the alignment for the call
            a.mov(edi, GuestEntry.ActiveSlot);
            HostPlatform.Slots.EmitGet(a);
            a.mov(rbx, rax);
            a.pop(rax);
            a.pop(rax);
            for (int i = 0; i < registers.Length; i++) a.mov(registers[i], __qword_ptr[rsp + spill + 8 * i]);
        }
        var marked = a.CreateLabel();
        a.test(rbx, rbx);
        a.jz(marked);
        a.add(__qword_ptr[rbx + Boundary.InManagedOffset], 1);   // a count: thunks called from C# code nest
        a.Label(ref marked);
    }

    /// <summary>After the call (result in rax): unmarks, then returns it, or unwinds the ending thread.</summary>
    public static void Close(Assembler a)
    {
        var unwinding = a.CreateLabel();
        var done = a.CreateLabel();
        a.test(rbx, rbx);
        a.jz(done);
        a.sub(__qword_ptr[rbx + Boundary.InManagedOffset], 1);   // 0: back to guest code; else to the C# code that called the thunk
        a.jnz(done);
        a.mov(rcx, __qword_ptr[rbx + Boundary.RecordOffset]);
        a.test(rcx, rcx);
        a.jz(done);
        a.cmp(__dword_ptr[rcx + ThreadRecord.TerminatingOffset], 0);
        a.jne(unwinding);
        a.Label(ref done);
        a.add(rsp, FrameSize);
        a.pop(rbx);
        a.ret();
        a.Label(ref unwinding);                    // enter's epilogue restores the callee-saved registers
        a.mov(rdi, rbx);
        a.mov(rsi, __qword_ptr[rcx + ThreadRecord.EndValueOffset]);
        a.mov(rax, (ulong)GuestEntry.Unwind);
        a.jmp(rax);
    }
}
