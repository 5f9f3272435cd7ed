using System.Runtime.InteropServices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>
/// Who sent each outside signal. The runtime's handler, which takes a signal for its registrations, keeps only the
/// number, so a recorder goes in front of it: it writes the kernel's <c>siginfo_t</c> (128 bytes, one atomic pipe write)
/// to a non-blocking pipe and jumps on to the runtime's handler with the registers as the kernel left them. The
/// runtime's handler writes to its own pipe after ours, so by the time its thread hands the signal to a registration
/// (<see cref="Microcosm.Threads.OutsideSignals"/>), our record of that very signal is there to read: records are taken
/// in the order they came, per signal, one for each time the handler ran, which is once per standard signal (the kernel
/// merges one sent again while pending) and once per real-time signal sent (the kernel queues those, with their values).
/// </summary>
internal static unsafe partial class SignalSenders
{
    private const int RecordSize = 128;   // siginfo_t
    private const int F_SETPIPE_SZ = 1031;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Queue<SignalSender>> Recorded = [];
    private static nint* _previous;   // by signal number: the handler the recorder jumps on to
    private static int _readEnd = -1;
    private static nint _recorder;   // 0 until the core has placed it (UseRecorder)

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int pipe2(int* ends, int flags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    /// <summary>Puts the recorder in front of the handler the runtime just installed for <paramref name="signal"/>; nothing
    /// if there is none (the signal is ignored or at its default) or the recorder is there already.</summary>
    public static void Chain(int signal)
    {
        lock (Gate)
        {
            nint recorder = _recorder;
            if (recorder == 0) return;
            Signals.SigAction current;
            if (Signals.sigaction(signal, null, &current) != 0) return;
            if (current.Handler == recorder || current.Handler == Signals.SIG_DFL || current.Handler == Signals.SIG_IGN) return;
            _previous[signal] = current.Handler;
            Signals.SigAction chained = current;
            chained.Handler = recorder;
            chained.Flags |= Signals.SA_SIGINFO;
            Signals.sigaction(signal, &chained, null);
        }
    }

    /// <summary>Who sent the oldest <paramref name="signal"/> not yet taken; <see cref="SignalSender.Unknown"/> if no record
    /// of it is left (it came before the recorder was in front, or the pipe was full).</summary>
    public static SignalSender Take(int signal)
    {
        lock (Gate)
        {
            Drain();
            return Recorded.TryGetValue(signal, out var queue) && queue.TryDequeue(out var sender) ? sender : SignalSender.Unknown;
        }
    }

    /// <summary>No instance takes signals any more: the records left are nobody's.</summary>
    public static void Forget()
    {
        lock (Gate)
        {
            Drain();
            Recorded.Clear();
        }
    }

    private static void Drain()
    {
        if (_readEnd < 0) return;
        byte* record = stackalloc byte[RecordSize];
        while (read(_readEnd, record, RecordSize) == RecordSize)
        {
            int signal = *(int*)record;
            var sender = new SignalSender(*(int*)(record + 8), *(int*)(record + 16), *(uint*)(record + 20), *(long*)(record + 24));
            if (!Recorded.TryGetValue(signal, out var queue)) Recorded[signal] = queue = new Queue<SignalSender>();
            queue.Enqueue(sender);
        }
    }

    /// <summary>Makes the pipe and the table and emits the recorder over them, for the core to place in executable memory
    /// (<see cref="UseRecorder"/>); false, with nothing emitted, if the host refuses a pipe.</summary>
    public static bool EmitRecorder(Assembler a)
    {
        lock (Gate)
        {
            int* ends = stackalloc int[2];
            if (_readEnd >= 0 || pipe2(ends, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0) return false;
            LibC.fcntl(ends[1], F_SETPIPE_SZ, 1 << 20);   // room for 8192 records; the default 512 where refused
            _readEnd = ends[0];
            _previous = (nint*)NativeMemory.AllocZeroed((nuint)(Signals.MaxSignal + 1), (nuint)sizeof(nint));
            EmitRecorder(a, ends[1], (nint)_previous);
            return true;
        }
    }

    /// <summary>Where the core placed the recorder: <see cref="Chain"/> puts it in front from now on.</summary>
    public static void UseRecorder(nint recorder)
    {
        lock (Gate) _recorder = recorder;
    }

    /// <summary>
    /// handler(signo, info, context): write(pipe, info, 128) with the system call itself (no libc, no errno touched,
    /// never blocking), then a jump to previous[signo] with the three arguments as they came. r8-r10 are free to use: the
    /// kernel puts every register back when the handler returns.
    /// </summary>
    private static void EmitRecorder(Assembler a, int writeEnd, nint previous)
    {
        var none = a.CreateLabel();
        a.mov(r8, rdi);
        a.mov(r9, rsi);
        a.mov(r10, rdx);
        a.mov(eax, 1);   // write
        a.mov(edi, writeEnd);
        a.mov(edx, RecordSize);
        a.syscall();
        a.mov(rdi, r8);
        a.mov(rsi, r9);
        a.mov(rdx, r10);
        a.mov(rax, (ulong)previous);
        a.mov(rax, __qword_ptr[rax + rdi * 8]);
        a.cmp(rax, 1);   // SIG_DFL or SIG_IGN: nothing to jump to
        a.jbe(none);
        a.jmp(rax);
        a.Label(ref none);
        a.ret();
    }
}
