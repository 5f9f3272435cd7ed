using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>Something in C# that the syscall table can call like a native handler.</summary>
internal abstract class ManagedEntry
{
    /// <summary>A C# delegate to call instead of <see cref="Invoke"/>: one call less on the handler path.</summary>
    public Syscalls.SyscallHandler? Handler { get; init; }

    public abstract nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f);

    /// <summary>Called when <see cref="Invoke"/> throws: the exception cannot cross into guest code.</summary>
    public virtual nint OnException(Exception exception) => -5; // EIO
}

/// <summary>
/// Gives each <see cref="ManagedEntry"/> a native entry point with the handler signature
/// <c>intptr_t h(num, a, b, c, d, e, f)</c>. A block of thunks is one shared body
/// (<see cref="EmitBody"/>) and, per slot, two instructions that load the slot number and jump to it:
/// assembling a few hundred instructions instead of a full body per slot is what a process's start-up
/// pays for its first block. The body stores the arguments on its frame and calls one
/// <c>UnmanagedCallersOnly</c> method with their address and the slot number. Thunks are process-wide and reused.
/// </summary>
internal static unsafe class ManagedHandlerThunks
{
    private const int ThunksPerBlock = 128;
    private static readonly Lock Gate = new();
    private static readonly List<ExecutableCode> Blocks = [];
    private static readonly Stack<int> FreeSlots = new();
    private static volatile ManagedEntry?[] _entries = [];
    /// <summary>The C# delegate of each slot whose entry has one: the hot path reads it with one load less.</summary>
    private static volatile Syscalls.SyscallHandler?[] _handlers = [];
    private static nint[] _thunks = [];

    /// <summary>Allocates a slot for <paramref name="entry"/> and returns its native entry point.</summary>
    public static nint Allocate(ManagedEntry entry, out int slot)
    {
        lock (Gate)
        {
            if (FreeSlots.Count == 0) AddBlock();
            slot = FreeSlots.Pop();
            _entries[slot] = entry;
            _handlers[slot] = entry.Handler;
            return _thunks[slot];
        }
    }

    public static void Free(int slot)
    {
        lock (Gate)
        {
            _handlers[slot] = null;
            _entries[slot] = null;
            FreeSlots.Push(slot);
        }
    }

    private static void AddBlock()
    {
        int first = _thunks.Length;
        var block = ExecutableCode.Emit((a, mark) =>
        {
            var body = a.CreateLabel();
            for (int i = 0; i < ThunksPerBlock; i++)
            {
                mark($"thunk{i}");
                a.mov(eax, first + i);           // rax carries no argument in this signature
                a.jmp(body);
            }
            a.Label(ref body);
            EmitBody(a);
        });
        Blocks.Add(block);
        var thunks = new nint[first + ThunksPerBlock];
        _thunks.CopyTo(thunks, 0);
        for (int i = 0; i < ThunksPerBlock; i++) thunks[first + i] = block[$"thunk{i}"];
        var entries = new ManagedEntry?[first + ThunksPerBlock];
        _entries.CopyTo(entries, 0);
        var handlers = new Syscalls.SyscallHandler?[first + ThunksPerBlock];
        _handlers.CopyTo(handlers, 0);
        _thunks = thunks;
        _entries = entries;
        _handlers = handlers;
        for (int i = ThunksPerBlock - 1; i >= 0; i--) FreeSlots.Push(first + i);
    }

    /// <summary>
    /// The body all thunks of a block share. On entry: eax=slot, rdi=num rsi=a rdx=b rcx=c r8=d r9=e,
    /// f at [rsp+8]. It stores the seven arguments as a <see cref="Syscalls.SyscallArgs"/> on its own
    /// frame and calls Invoke(&amp;args, slot), which hands that record to a C# delegate as it is. Around the call:
    /// <list type="bullet">
    /// <item>The thread's active boundary (<see cref="GuestEntry.ActiveSlot"/>, read with one instruction
    /// when <see cref="GuestEntry.ActiveSlotOffset"/> is known, else with <c>pthread_getspecific</c>) is
    /// marked <em>in managed code</em> while the C# handler runs, so that a fault there stays .NET's (a
    /// NullReferenceException stays an exception; faults.md), and unmarked when it returns.</item>
    /// <item>Then, if the thread is ending (<see cref="Threads.ThreadRecord.Terminating"/>, reached through
    /// the boundary), it jumps to <see cref="GuestEntry.Unwind"/> with the boundary and the exit value: here,
    /// after the managed frame has returned, so unwinding never crosses managed frames. The check follows
    /// every handler, so one that swallowed the termination does not stop it. A thunk called from managed
    /// code (the boundary was already marked) leaves the unwinding to the thunk below it.</item>
    /// </list>
    /// The active boundary is the thread's innermost one (the same enter sets both): the one to unwind.
    /// </summary>
    private static void EmitBody(Assembler a)
    {
        delegate* unmanaged<Syscalls.SyscallArgs*, nint, nint> target = &Invoke;
        const int inManaged = Boundary.InManagedOffset;
        var unwinding = a.CreateLabel();
        var marked = a.CreateLabel();
        var done = a.CreateLabel();
        // rbx = the active boundary (callee-saved: it survives the call); [rsp..56) the arguments, [rsp+56] the slot.
        a.push(rbx);                               // rsp was 8 mod 16: now aligned
        a.sub(rsp, 64);
        a.mov(__dword_ptr[rsp + 56], eax);
        AssemblerRegister64[] registers = [rdi, rsi, rdx, rcx, r8, r9];
        for (int i = 0; i < registers.Length; i++) a.mov(__qword_ptr[rsp + 8 * i], registers[i]);
        a.mov(rax, __qword_ptr[rsp + 80]);         // f, above the return address
        a.mov(__qword_ptr[rsp + 48], rax);
        if (GuestEntry.ActiveSlotOffset is int offset)
        {
            a.mov(rbx, __qword_ptr.fs[offset]);
        }
        else
        {
            a.mov(edi, GuestEntry.ActiveSlot);
            a.mov(rax, (ulong)Host.HostThreads.GetSlotFunction);
            a.call(rax);
            a.mov(rbx, rax);
        }
        a.test(rbx, rbx);
        a.jz(marked);
        a.add(__qword_ptr[rbx + inManaged], 1);    // a count: thunks called from C# code nest
        a.Label(ref marked);
        a.mov(rdi, rsp);
        a.mov(esi, __dword_ptr[rsp + 56]);
        a.mov(rax, (ulong)target);
        a.call(rax);
        a.test(rbx, rbx);
        a.jz(done);
        a.sub(__qword_ptr[rbx + inManaged], 1);    // 0: back to guest code; else to the C# code that called the thunk
        a.jnz(done);
        a.mov(rcx, __qword_ptr[rbx + Boundary.RecordOffset]);
        a.test(rcx, rcx);
        a.jz(done);
        a.cmp(__dword_ptr[rcx + Threads.ThreadRecord.TerminatingOffset], 0);
        a.jne(unwinding);
        a.Label(ref done);
        a.add(rsp, 64);
        a.pop(rbx);
        a.ret();
        a.Label(ref unwinding);                    // enter's epilogue restores the callee-saved registers
        a.mov(rdi, rbx);
        a.mov(rsi, __qword_ptr[rcx + Threads.ThreadRecord.EndValueOffset]);
        a.mov(rax, (ulong)GuestEntry.Unwind);
        a.jmp(rax);
    }

    /// <summary>
    /// The managed side of every thunk: finds the entry and calls it. An exception cannot cross into
    /// guest code: a <see cref="Threads.ThreadTermination"/> (guest code the handler called was unwound)
    /// returns 0, which the thunk turns into the unwinding of the next boundary; any other goes to the entry.
    /// </summary>
    [UnmanagedCallersOnly]
    private static nint Invoke(Syscalls.SyscallArgs* args, nint slot)
    {
        var handlers = _handlers;
        try
        {
            // A C# delegate: the common case, one array load away.
            if ((nuint)slot < (nuint)handlers.Length && handlers[slot] is { } handler) return handler(in *args);
            var entries = _entries;
            if ((nuint)slot >= (nuint)entries.Length || entries[slot] is not { } entry) return -38; // ENOSYS: a stale pointer to a freed handler
            return entry.Invoke(args->Number, args->A, args->B, args->C, args->D, args->E, args->F);
        }
        catch (Threads.ThreadTermination)
        {
            return 0;
        }
        catch (Exception ex)
        {
            var entries = _entries;
            return (nuint)slot < (nuint)entries.Length && entries[slot] is { } entry ? entry.OnException(ex) : -5; // EIO
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int LiveSlots()
    {
        lock (Gate) return _thunks.Length - FreeSlots.Count;
    }
}
