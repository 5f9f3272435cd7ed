using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Iced.Intel;
using Microcosm.Faults;
using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Syscalls;

/// <summary>
/// Gives each <see cref="ManagedEntry"/> a native entry point with the handler signature
/// <c>intptr_t h(num, a, b, c, d, e, f)</c>, from a <see cref="ThunkPool"/>: the shared body stores the
/// seven arguments on its frame as a <see cref="SyscallArgs"/> and calls one
/// <c>UnmanagedCallersOnly</c> method with their address and the slot number, which hands that record
/// to a C# delegate as it is, inside a <see cref="ManagedCallFrame"/>. Thunks are process-wide and reused.
/// </summary>
internal static unsafe class ManagedHandlerThunks
{
    private static readonly ThunkPool Pool = new("managed", (a, _, _) => EmitBody(a), Grow);
    private static volatile ManagedEntry?[] _entries = [];
    /// <summary>The C# delegate of each slot whose entry has one: the hot path reads it with one load less.</summary>
    private static volatile SyscallHandler?[] _handlers = [];

    /// <summary>Allocates a slot for <paramref name="entry"/> and returns its native entry point.</summary>
    public static nint Allocate(ManagedEntry entry, out int slot)
    {
        lock (Pool.Gate)
        {
            nint thunk = Pool.Allocate(out slot);
            _entries[slot] = entry;
            _handlers[slot] = entry.Handler;
            return thunk;
        }
    }

    public static void Free(int slot)
    {
        lock (Pool.Gate)
        {
            _handlers[slot] = null;
            _entries[slot] = null;
            Pool.Free(slot);
        }
    }

    private static void Grow(int capacity)
    {
        var entries = new ManagedEntry?[capacity];
        _entries.CopyTo(entries, 0);
        var handlers = new SyscallHandler?[capacity];
        _handlers.CopyTo(handlers, 0);
        _entries = entries;
        _handlers = handlers;
    }

    /// <summary>
    /// The body all thunks of a block share. On entry: eax=slot, rdi=num rsi=a rdx=b rcx=c r8=d r9=e,
    /// f at [rsp+8]. Frame: [rsp..56) the arguments, [rsp+56] the slot.
    /// </summary>
    private static void EmitBody(Assembler a)
    {
        delegate* unmanaged<SyscallArgs*, nint, nint> target = &Invoke;
        ManagedCallFrame.Open(a, spill: 0);
        a.mov(__dword_ptr[rsp + 56], eax);
        AssemblerRegister64[] registers = [rdi, rsi, rdx, rcx, r8, r9];
        for (int i = 0; i < registers.Length; i++) a.mov(__qword_ptr[rsp + 8 * i], registers[i]);
        a.mov(rax, __qword_ptr[rsp + ManagedCallFrame.SeventhArgument]);
        a.mov(__qword_ptr[rsp + 48], rax);
        a.mov(rdi, rsp);
        a.mov(esi, __dword_ptr[rsp + 56]);
        // Guest code on a stack of its own (a fork child's copy): the C# code runs on the thread's host stack, below the
        // boundary, where nothing lives while the guest code is elsewhere and where .NET expects the thread's frames
        // (the JIT's prestub refuses to run on a stack outside them: "Stack overflow"). Only for the first C# entry
        // above the boundary (a count of 1): nested ones are on the host stack already.
        var plain = a.CreateLabel();
        var called = a.CreateLabel();
        a.test(rbx, rbx);
        a.jz(plain);
        a.cmp(__qword_ptr[rbx + Boundary.OwnStackOffset], 0);
        a.je(plain);
        a.cmp(__qword_ptr[rbx + Boundary.InManagedOffset], 1);
        a.jne(plain);
        a.mov(rax, __qword_ptr[rbx + Boundary.OwnStackOffset]);  // the host knows the thread by its own stack again
        a.lea(rax, __qword_ptr[rax + OwnStack.HostLimitsOffset]);
        HostPlatform.Faults.EmitUseStack(a, rax, rcx);
        a.mov(rax, __qword_ptr[rbx]);                    // SavedStack: enter()'s frame, the last host frame in use
        a.sub(rax, HostStackMargin);
        a.and(rax, -16);
        a.mov(__qword_ptr[rax - 16], rsp);
        a.lea(rsp, __qword_ptr[rax - 16]);               // aligned, the guest's rsp on top
        HostPlatform.Calls.EmitCall(a, (nint)target);
        a.mov(rsp, __qword_ptr[rsp]);
        a.mov(rcx, __qword_ptr[rbx + Boundary.OwnStackOffset]);  // and by the copy while the guest code runs on
        a.lea(rcx, __qword_ptr[rcx + OwnStack.LimitsOffset]);
        HostPlatform.Faults.EmitUseStack(a, rcx, rdx);
        a.jmp(called);
        a.Label(ref plain);
        HostPlatform.Calls.EmitCall(a, (nint)target);   // a C# method: the host's convention
        a.Label(ref called);
        ManagedCallFrame.Close(a);
    }

    /// <summary>Room left below the boundary's saved stack (enter()'s frame and the guest call it made, dead once the
    /// guest code left for its own stack) before C# frames go there.</summary>
    private const int HostStackMargin = 512;

    /// <summary>
    /// The managed side of every thunk: finds the entry and calls it. An exception cannot cross into
    /// guest code: a <see cref="Threads.ThreadTermination"/> (guest code the handler called was unwound)
    /// returns 0, which the thunk turns into the unwinding of the next boundary; any other goes to the entry.
    /// </summary>
    [UnmanagedCallersOnly]
    private static nint Invoke(SyscallArgs* args, nint slot)
    {
        var handlers = _handlers;
        try
        {
            // A C# delegate: the common case, one array load away.
            if ((nuint)slot < (nuint)handlers.Length && handlers[slot] is { } handler) return handler(in *args);
            var entries = _entries;
            if ((nuint)slot >= (nuint)entries.Length || entries[slot] is not { } entry) return -Errno.ENOSYS; // a stale pointer to a freed handler
            return entry.Invoke(args->Number, args->A, args->B, args->C, args->D, args->E, args->F);
        }
        catch (Threads.ThreadTermination)
        {
            return 0;
        }
        catch (Exception ex)
        {
            var entries = _entries;
            return (nuint)slot < (nuint)entries.Length && entries[slot] is { } entry ? entry.OnException(ex) : -Errno.EIO;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int LiveSlots() => Pool.Live;
}
