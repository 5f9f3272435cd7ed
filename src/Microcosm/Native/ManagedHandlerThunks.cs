using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>Something in C# that the syscall table can call like a native handler.</summary>
internal abstract class ManagedEntry
{
    public abstract nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f);

    /// <summary>Called when <see cref="Invoke"/> throws: the exception cannot cross into guest code.</summary>
    public virtual nint OnException(Exception exception) => -5; // EIO
}

/// <summary>
/// Gives each <see cref="ManagedEntry"/> a native entry point with the handler signature
/// <c>intptr_t h(num, a, b, c, d, e, f)</c>. Every thunk loads its slot number into r10 and jumps to
/// one shared tail that moves the seven arguments up by one place and calls a single
/// <c>UnmanagedCallersOnly</c> method with the slot first. Thunks are process-wide and reused.
/// </summary>
internal static unsafe class ManagedHandlerThunks
{
    private const int ThunksPerBlock = 128;
    private static readonly Lock Gate = new();
    private static readonly List<ExecutableCode> Blocks = [];
    private static readonly Stack<int> FreeSlots = new();
    private static volatile ManagedEntry?[] _entries = [];
    private static nint[] _thunks = [];
    private static ExecutableCode? _tail;

    /// <summary>Allocates a slot for <paramref name="entry"/> and returns its native entry point.</summary>
    public static nint Allocate(ManagedEntry entry, out int slot)
    {
        lock (Gate)
        {
            _tail ??= EmitTail();
            if (FreeSlots.Count == 0) AddBlock();
            slot = FreeSlots.Pop();
            var entries = _entries;
            entries[slot] = entry;
            return _thunks[slot];
        }
    }

    public static void Free(int slot)
    {
        lock (Gate)
        {
            _entries[slot] = null;
            FreeSlots.Push(slot);
        }
    }

    private static void AddBlock()
    {
        int first = _thunks.Length;
        nint tail = _tail!.Address;
        var block = ExecutableCode.Emit((a, mark) =>
        {
            for (int i = 0; i < ThunksPerBlock; i++)
            {
                mark($"thunk{i}");
                a.mov(r10d, (uint)(first + i));
                a.mov(rax, (ulong)tail);
                a.jmp(rax);
                a.int3();
            }
        });
        Blocks.Add(block);
        var thunks = new nint[first + ThunksPerBlock];
        _thunks.CopyTo(thunks, 0);
        for (int i = 0; i < ThunksPerBlock; i++) thunks[first + i] = block[$"thunk{i}"];
        var entries = new ManagedEntry?[first + ThunksPerBlock];
        _entries.CopyTo(entries, 0);
        _thunks = thunks;
        _entries = entries;
        for (int i = ThunksPerBlock - 1; i >= 0; i--) FreeSlots.Push(first + i);
    }

    /// <summary>
    /// On entry: rdi=num rsi=a rdx=b rcx=c r8=d r9=e, f at [rsp+8], slot in r10.
    /// Clears the thread's active boundary (<see cref="GuestEntry.ActiveSlot"/>) while managed code runs,
    /// so that a fault there stays .NET's (a NullReferenceException stays an exception), then calls
    /// Invoke(slot, num, a, b, c, d, e, f, &amp;unwind): six in registers, three on the stack. When
    /// Invoke asks for it (the thread is ending), jumps to <see cref="GuestEntry.Unwind"/> with the
    /// boundary and exit value it left in <c>unwind</c>: that happens here, after the managed frame
    /// has returned, so unwinding never crosses managed frames (enter restores the slot).
    /// </summary>
    private static ExecutableCode EmitTail()
    {
        delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint, nint*, nint> target = &Invoke;
        nint unwind = GuestEntry.Unwind;
        uint slot = GuestEntry.ActiveSlot;
        ulong getSlot = (ulong)Host.HostThreads.GetSlotFunction, setSlot = (ulong)Host.HostThreads.SetSlotFunction;
        return ExecutableCode.Emit((a, _) =>
        {
            var unwinding = a.CreateLabel();
            // [rsp] e, [rsp+8] f, [rsp+16] &unwind, [rsp+24] unwind = {boundary, value}, [rsp+40] saved active
            // boundary, [rsp+48..96] the argument registers across the slot calls, [rsp+104] the result.
            a.push(rbp);
            a.mov(rbp, rsp);
            a.sub(rsp, 112);
            a.mov(__qword_ptr[rsp + 48], rdi);
            a.mov(__qword_ptr[rsp + 56], rsi);
            a.mov(__qword_ptr[rsp + 64], rdx);
            a.mov(__qword_ptr[rsp + 72], rcx);
            a.mov(__qword_ptr[rsp + 80], r8);
            a.mov(__qword_ptr[rsp + 88], r9);
            a.mov(__qword_ptr[rsp + 96], r10);
            a.mov(edi, slot);
            a.mov(rax, getSlot);
            a.call(rax);
            a.mov(__qword_ptr[rsp + 40], rax);
            a.mov(edi, slot);
            a.xor(esi, esi);
            a.mov(rax, setSlot);
            a.call(rax);
            a.mov(__qword_ptr[rsp + 24], 0);
            a.mov(rax, __qword_ptr[rbp + 16]);
            a.mov(__qword_ptr[rsp + 8], rax);  // f
            a.mov(rax, __qword_ptr[rsp + 88]);
            a.mov(__qword_ptr[rsp], rax);      // e
            a.lea(rax, __[rsp + 24]);
            a.mov(__qword_ptr[rsp + 16], rax);
            a.mov(r9, __qword_ptr[rsp + 80]);  // d
            a.mov(r8, __qword_ptr[rsp + 72]);  // c
            a.mov(rcx, __qword_ptr[rsp + 64]); // b
            a.mov(rdx, __qword_ptr[rsp + 56]); // a
            a.mov(rsi, __qword_ptr[rsp + 48]); // num
            a.mov(rdi, __qword_ptr[rsp + 96]); // slot
            a.mov(rax, (ulong)target);
            a.call(rax);
            a.mov(rdi, __qword_ptr[rsp + 24]);
            a.test(rdi, rdi);
            a.jnz(unwinding);
            a.mov(__qword_ptr[rsp + 104], rax);
            a.mov(edi, slot);                  // back to guest code: its boundary is active again
            a.mov(rsi, __qword_ptr[rsp + 40]);
            a.mov(rax, setSlot);
            a.call(rax);
            a.mov(rax, __qword_ptr[rsp + 104]);
            a.leave();
            a.ret();
            a.Label(ref unwinding);
            a.mov(rsi, __qword_ptr[rsp + 32]);
            a.mov(rax, (ulong)unwind);
            a.jmp(rax);
        });
    }

    [UnmanagedCallersOnly]
    private static nint Invoke(nint slot, nint number, nint a, nint b, nint c, nint d, nint e, nint f, nint* unwind)
    {
        var entries = _entries;
        var entry = (ulong)slot < (ulong)entries.Length ? entries[slot] : null;
        if (entry == null) return -38; // ENOSYS: a stale pointer to a handler that was freed
        nint result;
        try
        {
            result = entry.Invoke(number, a, b, c, d, e, f);
        }
        catch (Threads.ThreadTermination)
        {
            result = 0; // guest code this handler called was unwound: pass the termination on below
        }
        catch (Exception ex)
        {
            result = entry.OnException(ex);
        }
        // Checked even if a handler swallowed the termination: the thread is ending either way.
        if (Threads.GuestThread.Current is { Terminating: true } thread && thread.Innermost != null)
        {
            unwind[0] = (nint)thread.Innermost;
            unwind[1] = thread.ExitValue;
            return 0;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int LiveSlots()
    {
        lock (Gate) return _thunks.Length - FreeSlots.Count;
    }
}
