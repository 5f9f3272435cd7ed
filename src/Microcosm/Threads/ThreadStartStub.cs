using Microcosm.Faults;
using Microcosm.Host;
using Microcosm.Native;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Threads;

/// <summary>
/// The start routine of a thread spawned with -16 (<c>void *start(ThreadRecord *)</c>, given to
/// <see cref="HostThreads.Start"/>): the whole life of a guest thread without entering .NET, which is what makes
/// spawn + join cheap (attaching a host thread to the .NET runtime and detaching it cost more than the
/// host thread itself). It
/// <list type="number">
/// <item>installs the block's fault stack (an alternate signal stack; a new host thread has none) and sets the host
/// slots: <see cref="GuestThread.HostSlot"/> (the record, how managed code finds the thread if it
/// calls a C# handler) and the instance's -9 slot (the structure);</item>
/// <item>calls the thread function through <c>enter</c> with a boundary on its own stack that is the
/// thread's innermost one, so ending (kill, exit) unwinds to it and a fault lands in it exactly as on
/// a thread started from C# — a fault then calls <see cref="ThreadManager.OnNativeFault"/> (managed:
/// the report is built there) for the exit value;</item>
/// <item>clears the slots, closes the state word (no more kills; a pending kill's count goes), stores the
/// exit value, sets Done and wakes the joiners (<see cref="HostWaits"/>). After Done it touches nothing of the block. The
/// signal stack stays installed until the host thread exits: the block goes to another thread only after
/// the join (or the instance's disposal) has waited for that exit (<see cref="HostThreads.Reap"/>).</item>
/// </list>
/// Process-wide and never unmapped: a thread may still be returning through it when an instance is disposed.
/// </summary>
internal static unsafe class ThreadStartStub
{
    private static readonly ExecutableCode Code = Emit();

    /// <summary>The start routine, for <see cref="HostThreads.Start"/>.</summary>
    public static readonly delegate* unmanaged<nint, nint> Start = (delegate* unmanaged<nint, nint>)HostEntries.Export(Code["start"]);

    private static ExecutableCode Emit()
    {
        FaultHandler.EnsureInstalled();   // the fault stack's installation calls the host's stack guard, installed with it
        delegate* unmanaged<ThreadRecord*, Boundary*, nint> faulted = &ThreadManager.OnNativeFault;
        var threads = HostPlatform.Threads;
        var slots = HostPlatform.Slots;
        const int arguments = 0, boundary = 64, frame = 160; // boundary: sizeof(Boundary) = 96
        return ExecutableCode.Emit((a, mark) =>
        {
            var returned = a.CreateLabel();
            var close = a.CreateLabel();
            var noKill = a.CreateLabel();
            mark("start");                           // rdi = the record
            a.push(rbp);
            a.push(rbx);
            a.push(r12);                             // rsp was 8 mod 16: aligned after three pushes
            a.sub(rsp, frame);
            a.mov(rbx, rdi);

            threads.EmitCurrentId(a);               // where a kill's interruption goes
            a.mov(__dword_ptr[rbx + ThreadRecord.HostTidOffset], eax);
            a.lea(rdi, __[rbx + ThreadRecord.SignalStackOffset]);
            HostPlatform.Faults.EmitInstallStack(a);
            a.mov(edi, GuestThread.HostSlot);
            a.mov(rsi, rbx);
            slots.EmitSet(a);
            a.mov(edi, __dword_ptr[rbx + ThreadRecord.InstanceSlotOffset]);
            a.mov(rsi, __qword_ptr[rbx + ThreadRecord.StructureOffset]);
            slots.EmitSet(a);
            a.mov(edi, ThreadLocalStorage.PointerSlot);   // the thread pointer: the structure too
            a.mov(rsi, __qword_ptr[rbx + ThreadRecord.StructureOffset]);
            slots.EmitSet(a);

            a.lea(r12, __[rsp + boundary]);
            a.mov(__qword_ptr[r12 + Boundary.PreviousOffset], 0);
            a.mov(__qword_ptr[r12 + Boundary.RecordOffset], rbx);
            a.mov(__qword_ptr[r12 + Boundary.OwnStackOffset], 0);   // the guest code runs on this thread's stack
            a.mov(__qword_ptr[rbx + ThreadRecord.InnermostOffset], r12);
            a.mov(rax, __qword_ptr[rbx + ThreadRecord.ArgumentOffset]);
            a.mov(__qword_ptr[rsp + arguments], rax);
            a.xor(eax, eax);
            for (int i = 1; i < 7; i++) a.mov(__qword_ptr[rsp + arguments + 8 * i], rax);
            a.mov(rdi, r12);
            a.mov(rsi, __qword_ptr[rbx + ThreadRecord.FunctionOffset]);
            a.lea(rdx, __[rsp + arguments]);
            a.mov(rax, (ulong)GuestEntry.EnterAddress);
            a.call(rax);                             // enter(&boundary, fn, {arg}): returns, is unwound, or faults
            a.mov(__qword_ptr[rbx + ThreadRecord.InnermostOffset], 0);
            a.cmp(__qword_ptr[r12 + 8], Boundary.Faulted);
            a.jne(returned);
            a.mov(rdi, rbx);
            a.mov(rsi, r12);
            HostPlatform.Calls.EmitCall(a, (nint)faulted); // the exit value, 128 + signal
            a.Label(ref returned);
            a.mov(r12, rax);                         // the exit value from here on

            a.mov(edi, __dword_ptr[rbx + ThreadRecord.InstanceSlotOffset]);
            a.xor(esi, esi);
            slots.EmitSet(a);
            a.mov(edi, ThreadLocalStorage.PointerSlot);
            a.xor(esi, esi);
            slots.EmitSet(a);
            a.mov(edi, GuestThread.HostSlot);
            a.xor(esi, esi);
            slots.EmitSet(a);

            a.mov(rcx, __qword_ptr[rbx + ThreadRecord.SlowPathWordOffset]);
            a.mov(eax, __dword_ptr[rbx + ThreadRecord.StateOffset]);
            a.Label(ref close);
            a.mov(edx, eax);
            a.or(edx, ThreadRecord.Closed);
            a.@lock.cmpxchg(__dword_ptr[rbx + ThreadRecord.StateOffset], edx);
            a.jne(close);                            // eax = the word as it was
            a.test(eax, ThreadRecord.KillRequested);
            a.jz(noKill);
            a.@lock.dec(__qword_ptr[rcx]);            // this thread's pending kill no longer counts
            a.Label(ref noKill);
            a.mov(__qword_ptr[rbx + ThreadRecord.ExitValueOffset], r12);
            a.@lock.or(__dword_ptr[rbx + ThreadRecord.StateOffset], ThreadRecord.Done);
            a.lea(rdi, __[rbx + ThreadRecord.StateOffset]); // the address only: the block may be another thread's by now
            HostPlatform.Waits.EmitWakeAll(a);

            a.xor(eax, eax);
            a.add(rsp, frame);
            a.pop(r12);
            a.pop(rbx);
            a.pop(rbp);
            a.ret();
        });
    }
}
