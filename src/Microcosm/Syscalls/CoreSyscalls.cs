using Microcosm.Host;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// Every core syscall and the entry that answers it (docs/abi.md; the numbers, names and arities come from
/// abi/syscalls.tsv, as <see cref="CoreSyscall"/>). The instance registers them here, once, when it is
/// created; they are ordinary entries of its table, which a guest may replace with -1 like any other.
/// </summary>
internal static class CoreSyscalls
{
    public static void Register(SyscallTable table, ThreadManager threads, RuntimeLinker linker, ProgramDescriptors descriptors, SignalInbox? signals,
        bool programIsProcess, string workingDirectory, SyscallHandler forkImage, SyscallHandler skipFinalizers)
    {
        byte[] directory = System.Text.Encoding.UTF8.GetBytes(workingDirectory + "\0");
        var thread = new ThreadSyscalls(threads);
        var entries = new Dictionary<long, SyscallHandler>
        {
            [CoreSyscall.Register] = (in SyscallArgs x) => table.Register(x.A, x.B),
            [CoreSyscall.Get] = (in SyscallArgs x) => table.Get(x.A),
            [CoreSyscall.Deregister] = (in SyscallArgs x) => Deregister(table, x.A),
            [CoreSyscall.DlOpen] = (in SyscallArgs x) => linker.DlOpen(x.A, (int)x.B, x.C, x.D),
            [CoreSyscall.DlSym] = (in SyscallArgs x) => linker.DlSym(x.A, x.B, x.C, x.D),
            [CoreSyscall.DlClose] = (in SyscallArgs x) => linker.DlClose(x.A),
            [CoreSyscall.DlAddr] = (in SyscallArgs x) => linker.DlAddr(x.A, x.B),
            [CoreSyscall.DlObject] = (in SyscallArgs x) => linker.DlObject(x.A, x.B),
            [CoreSyscall.ExpandThreadStructure] = (in SyscallArgs x) => thread.Expand(x.A, x.B),
            [CoreSyscall.ExitSignal] = (in SyscallArgs x) => thread.ExitBySignal(x.A),
            [CoreSyscall.TakeDescriptor] = (in SyscallArgs x) => descriptors.Take(x.A, x.B),
            [CoreSyscall.NextSignal] = (in SyscallArgs x) => signals == null ? -Errno.EOPNOTSUPP : signals.Next(wait: x.A != 0) is >= 0 and var next ? next : -Errno.EPERM,
            [CoreSyscall.NextSignalSent] = (in SyscallArgs x) => signals == null ? -Errno.EOPNOTSUPP : NextSignalSent(signals, x.A),
            [CoreSyscall.ThreadSelfLocation] = (in SyscallArgs x) => ThreadSelfLocation(threads.Slot, x.A),
            [CoreSyscall.PostSignal] = (in SyscallArgs x) => signals == null ? -Errno.EOPNOTSUPP : x.A is < 1 or > 64 ? -Errno.EINVAL : signals.PostFromModule((int)x.A),
            [CoreSyscall.SpawnThread] = (in SyscallArgs x) => thread.Spawn(x.A, x.B, x.C),
            [CoreSyscall.InitializeThread] = (in SyscallArgs x) => thread.Adopt(),
            [CoreSyscall.KillThread] = (in SyscallArgs x) => thread.Kill(x.A, x.B),
            [CoreSyscall.InterruptThread] = (in SyscallArgs x) => thread.Interrupt(x.A),
            [CoreSyscall.SetFaultEntry] = (in SyscallArgs x) => thread.SetFaultEntry(x.A, x.B, x.C),
            [CoreSyscall.ProgramIsProcess] = (in SyscallArgs x) => programIsProcess ? 1 : 0,
            [CoreSyscall.WorkingDirectory] = (in SyscallArgs x) =>
                x.B < directory.Length ? -Errno.ERANGE : GuestMemory.TryWrite(x.A, directory) ? directory.Length : -Errno.EFAULT,
            [CoreSyscall.InitialSignals] = (in SyscallArgs x) => InitialSignals(x.A, programIsProcess),
            [CoreSyscall.ThreadJobSignalMask] = (in SyscallArgs x) => { HostPlatform.Process.BlockJobSignals((ulong)x.A); return 0; },
            [CoreSyscall.ForwardSignals] = (in SyscallArgs x) =>
                signals == null ? -Errno.EOPNOTSUPP : x.A is <= 0 or > int.MaxValue ? -Errno.EINVAL : signals.ForwardTo((int)x.A) ? 0 : -Errno.EOPNOTSUPP,
            [CoreSyscall.IgnoreSignal] = (in SyscallArgs x) => signals == null ? -Errno.EOPNOTSUPP : x.A is < 1 or > 64 ? -Errno.EINVAL : signals.Ignore((int)x.A, x.B != 0),
            [CoreSyscall.JoinThread] = (in SyscallArgs x) => thread.Join(x.A, x.B),
            [CoreSyscall.ForkImage] = forkImage,
            [CoreSyscall.SkipFinalizers] = skipFinalizers,
        };
        foreach (var (number, handler) in entries) table.RegisterCore(number, new CoreEntry(table, handler));
        // -9 is native: the calling thread's structure with no managed transition (ThreadSelfStub).
        table.RegisterCore(CoreSyscall.CurrentThreadStructure, threads.ThreadSelf);
    }

    /// <summary>-25: what the program inherits from the process it stands for (nothing for an embedder's).</summary>
    private static nint InitialSignals(nint to, bool programIsProcess)
    {
        var (ignored, blocked) = programIsProcess ? HostPlatform.Process.InheritedSignals : (0UL, 0UL);
        Span<byte> both = stackalloc byte[16];
        BitConverter.TryWriteBytes(both, ignored);
        BitConverter.TryWriteBytes(both[8..], blocked);
        return GuestMemory.TryWrite(to, both) ? 0 : -Errno.EFAULT;
    }

    /// <summary>-27: the next outside signal, and <c>struct mc_signal_sender</c> { int32 code, pid; uint32 uid; int32
    /// reserved; int64 value } of who sent it.</summary>
    private static nint NextSignalSent(SignalInbox signals, nint to)
    {
        int signal = signals.Next(wait: true, out var sender);
        if (signal <= 0) return signal < 0 ? -Errno.EPERM : 0;
        Span<byte> record = stackalloc byte[24];
        BitConverter.TryWriteBytes(record, sender.Code);
        BitConverter.TryWriteBytes(record[4..], sender.Pid);
        BitConverter.TryWriteBytes(record[8..], sender.Uid);
        BitConverter.TryWriteBytes(record[12..], 0);
        BitConverter.TryWriteBytes(record[16..], sender.Value);
        return GuestMemory.TryWrite(to, record) ? signal : -Errno.EFAULT;
    }

    /// <summary>-28: where the instance's thread slot is read with one instruction (what -9's stub reads), if it is.</summary>
    private static nint ThreadSelfLocation(uint slot, nint to)
    {
        if (HostPlatform.Slots.DirectLocation(slot) is not { } location) return -Errno.ENOENT;
        Span<long> both = [location.Segment == Iced.Intel.Register.GS ? 2 : 1, location.Offset];
        return GuestMemory.TryWrite(to, System.Runtime.InteropServices.MemoryMarshal.AsBytes(both)) ? 0 : -Errno.EFAULT;
    }

    private static nint Deregister(SyscallTable table, long number)
    {
        table.Deregister(number);
        return 0;
    }

    /// <summary>A core entry in C#: its thunk calls the handler directly (<see cref="ManagedEntry.Handler"/>).</summary>
    private sealed class CoreEntry : ManagedEntry
    {
        private readonly SyscallTable _table;

        public CoreEntry(SyscallTable table, SyscallHandler handler) => (_table, Handler) = (table, handler);

        /// <summary>A core syscall that throws is the core's fault, not the program's: the program gets -EIO, and the run
        /// ends with the exception reported, as for any C# handler (<see cref="SyscallTable.HandlerExceptions"/>).</summary>
        public override nint OnException(Exception exception)
        {
            _table.HandlerExceptions.Enqueue(exception);
            return -Errno.EIO;
        }

        public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f) =>
            Handler!(new SyscallArgs(number, a, b, c, d, e, f));
    }
}
