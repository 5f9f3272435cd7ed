using System.Runtime.InteropServices;
using Iced.Intel;
using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Syscalls;

/// <summary>
/// Native entry points for C# handlers registered as <c>UnmanagedCallersOnly</c> function pointers:
/// the fast C# path. The thunk calls the pointer with the guest's arguments as they are (only the
/// seventh, on the stack, is copied into its own frame) inside a <see cref="ManagedCallFrame"/>, which
/// a bare pointer in the table would lack: a fault in the C# code stays .NET's instead of being taken
/// for a guest fault (and unwinding across the managed frame), and a thread killed while the handler
/// ran ends when it returns. Each block keeps its slots' targets in a native table the body reads.
/// </summary>
internal static unsafe class UnmanagedHandlerThunks
{
    private static readonly List<(int First, int Count, nint Table)> Tables = [];
    private static readonly ThunkPool Pool = new("unmanaged", EmitBody);

    /// <summary>Allocates a thunk that calls <paramref name="target"/>.</summary>
    public static nint Allocate(nint target, out int slot)
    {
        lock (Pool.Gate)
        {
            nint thunk = Pool.Allocate(out slot);
            Volatile.Write(ref TargetOf(slot), target);
            return thunk;
        }
    }

    public static void Free(int slot)
    {
        lock (Pool.Gate)
        {
            Volatile.Write(ref TargetOf(slot), Stale.Handler);
            Pool.Free(slot);
        }
    }

    private static ref nint TargetOf(int slot)
    {
        foreach (var (first, count, table) in Tables)
            if (slot >= first && slot < first + count) return ref ((nint*)table)[slot - first];
        throw new ArgumentOutOfRangeException(nameof(slot));
    }

    /// <summary>One block's body. On entry: eax=slot, the handler's arguments in their registers, f at [rsp+8].
    /// Frame: [rsp] the copy of f (the callee's seventh argument), [rsp+8] the target.</summary>
    private static void EmitBody(Assembler a, int first, int count)
    {
        var table = (nint*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(nint));
        for (int i = 0; i < count; i++) table[i] = Stale.Handler;
        Tables.Add((first, count, (nint)table));
        ManagedCallFrame.Open(a, spill: 16);
        a.sub(eax, first);
        a.mov(r11, (ulong)table);
        a.mov(r11, __qword_ptr[r11 + rax * 8]);
        a.mov(__qword_ptr[rsp + 8], r11);
        a.mov(r10, __qword_ptr[rsp + ManagedCallFrame.SeventhArgument]);
        a.mov(__qword_ptr[rsp], r10);
        a.mov(rax, __qword_ptr[rsp + 8]);
        HostPlatform.Calls.EmitCallRax(a);        // a C# function pointer: the host's convention
        ManagedCallFrame.Close(a);
    }

    /// <summary>Where a freed slot's thunk goes: a handler that answers -ENOSYS.</summary>
    private static class Stale
    {
        public static readonly nint Handler = (nint)(delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)&NoHandler;

        [UnmanagedCallersOnly]
        private static nint NoHandler(nint number, nint a, nint b, nint c, nint d, nint e, nint f) => -Errno.ENOSYS;
    }
}
