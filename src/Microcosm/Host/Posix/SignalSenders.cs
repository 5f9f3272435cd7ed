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
/// <para>
/// Two real-time numbers are the host process's own: SIGRTMIN, with which the runtime stops its threads for a garbage
/// collection, and the core's interrupt signal (<see cref="InterruptSignal"/>). Both are sent by the process to one of its
/// threads (tgkill: SI_TKILL from its own pid); sent by anyone else they are a program's, as on Linux. So the recorder
/// goes in front of their handlers too (<see cref="Forward"/>): the process's own go on to the handler unrecorded, and
/// another's go, recorded, to a second pipe, whose thread hands them to the program (<c>HostProcess.ListenForSignals</c>),
/// never to the runtime, which could not tell them from its own.
/// </para>
/// </summary>
internal static unsafe partial class SignalSenders
{
    private const int RecordSize = 128;   // siginfo_t
    private const int F_SETPIPE_SZ = 1031;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Queue<SignalSender>> Recorded = [];
    private static nint* _previous;   // by signal number: the handler the recorder jumps on to
    private static int _readEnd = -1;
    private static int _forwardedEnd = -1;   // the read end of the kept signals' pipe
    private static Thread? _forwarder;
    private static nint _recorder;   // 0 until the core has placed it (UseRecorder)

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int pipe2(int* ends, int flags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    /// <summary>The real-time numbers the host process keeps for itself, which another process may send a program.</summary>
    private static readonly int[] Kept = [Signals.FirstRealTimeSignal(), InterruptSignal.Number];

    /// <summary>Puts the recorder in front of the handler the runtime just installed for <paramref name="signal"/>; nothing
    /// if there is none (the signal is ignored or at its default) or the recorder is there already.</summary>
    public static void Chain(int signal)
    {
        lock (Gate) PutInFront(signal);
    }

    private static void PutInFront(int signal)
    {
        nint recorder = _recorder;
        if (recorder == 0) return;
        Signals.SigAction current;
        if (Signals.sigaction(signal, null, &current) != 0) return;
        if (current.Handler == recorder || current.Handler == Signals.SIG_DFL || current.Handler == Signals.SIG_IGN) return;
        _previous[signal] = current.Handler;
        Signals.SigAction chained = current;   // its flags too: the interrupt signal's handler has no SA_RESTART
        chained.Handler = recorder;
        chained.Flags |= Signals.SA_SIGINFO;
        Signals.sigaction(signal, &chained, null);
    }

    /// <summary>
    /// Puts the recorder in front of the handlers of the numbers the host process keeps (once), and hands each of them
    /// another process sends to <paramref name="arrived"/>, on a thread of its own. Nothing if the recorder is not placed.
    /// </summary>
    public static void Forward(Action<int, SignalSender> arrived)
    {
        lock (Gate)
        {
            if (_recorder == 0 || _forwarder != null) return;
            _forwarder = new Thread(() => HandOn(arrived)) { IsBackground = true, Name = "Microcosm kept signals" };
            _forwarder.Start();
            foreach (int signal in Kept) PutInFront(signal);
        }
    }

    /// <summary>Reads the kept signals' pipe for as long as the process lives.</summary>
    private static void HandOn(Action<int, SignalSender> arrived)
    {
        byte* record = stackalloc byte[RecordSize];
        while (true)
        {
            nint got = read(_forwardedEnd, record, RecordSize);
            if (got == RecordSize) arrived(*(int*)record, SenderIn(record));
            else if (got < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR) continue;
            else return;   // cannot be: the write end is never closed
        }
    }

    private static SignalSender SenderIn(byte* siginfo) =>
        new(*(int*)(siginfo + 8), *(int*)(siginfo + 16), *(uint*)(siginfo + 20), *(long*)(siginfo + 24));

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
            var sender = SenderIn(record);
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
            int* forwarded = stackalloc int[2];
            if (_readEnd >= 0 || pipe2(ends, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0) return false;
            if (pipe2(forwarded, LibC.O_CLOEXEC) != 0)
            {
                LibC.close(ends[0]);
                LibC.close(ends[1]);
                return false;
            }
            LibC.fcntl(ends[1], F_SETPIPE_SZ, 1 << 20);   // room for 8192 records; the default 512 where refused
            LibC.fcntl(forwarded[1], F_SETPIPE_SZ, 1 << 20);
            LibC.fcntl(forwarded[1], LibC.F_SETFL, LibC.O_NONBLOCK);   // the handler never blocks; its reader does
            _readEnd = ends[0];
            _forwardedEnd = forwarded[0];
            _previous = (nint*)NativeMemory.AllocZeroed((nuint)(Signals.MaxSignal + 1), (nuint)sizeof(nint));
            EmitRecorder(a, ends[1], forwarded[1], (nint)_previous);
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
    /// kernel puts every register back when the handler returns. A kept number the process sent itself (SI_TKILL from
    /// getpid()) goes straight on; one another process sent is written to the forwarded pipe instead, and goes no further.
    /// </summary>
    private static void EmitRecorder(Assembler a, int writeEnd, int forwardedEnd, nint previous)
    {
        const int SI_TKILL = -6, SYS_write = 1, SYS_getpid = 39;
        var none = a.CreateLabel();
        var record = a.CreateLabel();
        var outside = a.CreateLabel();
        var onwards = a.CreateLabel();
        a.mov(r8, rdi);
        a.mov(r9, rsi);
        a.mov(r10, rdx);
        ulong kept = Kept.Aggregate(0UL, (mask, signal) => mask | 1UL << (signal - 1));
        a.mov(rax, kept);
        a.lea(ecx, __[rdi - 1]);
        a.bt(rax, rcx);
        a.jnc(record);
        a.cmp(__dword_ptr[rsi + 8], SI_TKILL);   // si_code
        a.jne(outside);
        a.mov(eax, SYS_getpid);
        a.syscall();
        a.cmp(eax, __dword_ptr[r9 + 16]);   // si_pid
        a.je(onwards);
        a.Label(ref outside);
        a.mov(eax, SYS_write);
        a.mov(edi, forwardedEnd);
        a.mov(rsi, r9);
        a.mov(edx, RecordSize);
        a.syscall();
        a.ret();
        a.Label(ref record);
        a.mov(eax, SYS_write);
        a.mov(edi, writeEnd);
        a.mov(edx, RecordSize);
        a.syscall();
        a.Label(ref onwards);
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
