using System.Buffers.Binary;
using System.IO.Pipes;

namespace Microcosm.Host.Windows;

/// <summary>
/// How one Microcosm program on Windows sends another a signal: Windows carries none between processes, so each
/// program's process keeps a named pipe, <c>microcosm-signals-PID</c>, on which the process module of another
/// (its <c>kill</c>, <c>sigqueue</c>: guest/modules/windows/spawn.c) writes one record per signal: the signal and what
/// Linux's <c>siginfo_t</c> would say of its sender, and reads one byte back once the signal is pending here. A thread of
/// its own takes them one by one and hands each to the core as a signal from outside (docs/hosts.md, "Processes and signals"). The pipe's default access is the user's
/// own, as Linux lets a user signal only their own processes.
/// </summary>
internal static class SignalMailbox
{
    /// <summary>The record (little-endian): magic, signal, si_code, sender's pid, sender's uid, 0, then the 8-byte value.</summary>
    public const int RecordSize = 32;
    private const uint Magic = 0x4D435347;   // "GSCM"

    private static readonly Lock Gate = new();
    private static Thread? _listener;

    public static string Name(int pid) => $"microcosm-signals-{pid}";

    /// <summary>Opens this process's mailbox once; each signal that arrives goes to <paramref name="arrived"/>.</summary>
    public static void Open(Action<int, SignalSender> arrived)
    {
        lock (Gate)
        {
            if (_listener != null) return;
            // The pipe exists from here on: a sender that finds no pipe takes the process for one that is no Microcosm
            // program's (its kill then ends it), so it must not go away between two signals either.
            var pipe = Create();
            _listener = new Thread(() => Listen(pipe, arrived)) { IsBackground = true, Name = "microcosm signal mailbox" };
            _listener.Start();
        }
    }

    /// <summary>One instance of the pipe, for one sender: each is made before the last one closes, so that there is always
    /// one a sender finds.</summary>
    private static NamedPipeServerStream Create() =>
        new(Name(Environment.ProcessId), PipeDirection.InOut, 2, PipeTransmissionMode.Byte, PipeOptions.None, RecordSize, 1);

    private static void Listen(NamedPipeServerStream pipe, Action<int, SignalSender> arrived)
    {
        byte[] record = new byte[RecordSize];
        while (true)
        {
            try
            {
                Take(pipe, record, arrived);
            }
            catch (IOException)
            {
                // A sender that went away mid-record: nothing was sent.
            }
            var next = Next();
            pipe.Dispose();
            pipe = next;
        }
    }

    /// <summary>The next instance; while the host has none to give (out of resources), senders wait on the last one.</summary>
    private static NamedPipeServerStream Next()
    {
        while (true)
        {
            try
            {
                return Create();
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The next sender's record, and the answer that its signal is pending here: the sender waits for it before
    /// it closes its end, so no record is ever left unread (not even one sent before this thread first waited for a
    /// sender), and its kill returns once the signal is pending, as Linux's does.</summary>
    private static void Take(NamedPipeServerStream pipe, byte[] record, Action<int, SignalSender> arrived)
    {
        pipe.WaitForConnection();
        int got = 0, n;
        while (got < RecordSize && (n = pipe.Read(record, got, RecordSize - got)) > 0) got += n;
        if (got != RecordSize || Parse(record) is not var (signal, sender)) return;
        arrived(signal, sender);
        pipe.WriteByte(1);
        while (pipe.Read(record) > 0) { }   // until the sender closes its end: closing first would discard the answer
    }

    /// <summary>How long a relayed signal waits for a new program to open its mailbox, as the process module waits for a
    /// child it started.</summary>
    private static readonly TimeSpan StartingGrace = TimeSpan.FromSeconds(3);

    /// <summary>Writes <paramref name="signal"/> from <paramref name="sender"/> to process <paramref name="pid"/>'s mailbox
    /// and waits for its answer, as the process module's kill does: for a program this process stands in for (its exec),
    /// which is given a while to open the mailbox. Nothing if it has none, or goes away first.</summary>
    public static void Send(int pid, int signal, SignalSender sender)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        record.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], signal);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], sender.Code);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], sender.Pid);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], sender.Uid);
        BinaryPrimitives.WriteInt64LittleEndian(record[24..], sender.Value);
        try
        {
            using var pipe = new NamedPipeClientStream(".", Name(pid), PipeDirection.InOut);
            pipe.Connect(StartingGrace);   // waits for the pipe to exist, and for a free instance
            pipe.Write(record);
            pipe.ReadByte();   // its answer: the signal is pending there
        }
        catch (Exception e) when (e is IOException or TimeoutException or UnauthorizedAccessException)
        {
            // It has ended, or never became a Microcosm program: as a signal to a process that ends.
        }
    }

    private static (int Signal, SignalSender Sender)? Parse(ReadOnlySpan<byte> record)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Magic) return null;
        int signal = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
        if (signal is < 1 or > 64) return null;
        return (signal, new SignalSender(BinaryPrimitives.ReadInt32LittleEndian(record[8..]), BinaryPrimitives.ReadInt32LittleEndian(record[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[16..]), BinaryPrimitives.ReadInt64LittleEndian(record[24..])));
    }
}
