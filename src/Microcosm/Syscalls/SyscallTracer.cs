using System.Text;
using Microcosm.Native;

namespace Microcosm.Syscalls;

/// <summary>
/// With tracing on, every call goes through here: one line per syscall on the trace writer,
/// <c>[tid] name(arg, ...) = result</c>, with -errno results named (<c>= -2 ENOENT</c>).
/// </summary>
internal sealed class SyscallTracer(SyscallTable table, Threads.ThreadManager threads, TextWriter writer) : ManagedEntry
{
    private readonly Lock _gate = new();

    public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        long tid = Threads.GuestThread.Current?.Tid ?? 0;
        var (name, arity) = SyscallNames.Describe(number);
        if (threads.NoticeKill())
        {
            Write($"[{tid}] killed at {name}");
            return 0;
        }
        var line = new StringBuilder();
        line.Append('[').Append(tid).Append("] ").Append(name).Append('(');
        ReadOnlySpan<nint> args = [a, b, c, d, e, f];
        for (int i = 0; i < arity; i++)
        {
            if (i > 0) line.Append(", ");
            Format(line, args[i]);
        }
        line.Append(')');
        bool killsSelf = number == CoreSyscall.KillThread && (a == 0 || a == tid);
        if (killsSelf) Write(line + " ends the thread"); // before: the call does not come back
        nint result;
        try
        {
            result = table.CallRegistered(number, a, b, c, d, e, f);
        }
        catch (Threads.ThreadTermination)
        {
            if (!killsSelf) Write(line + " ends the thread"); // e.g. killed while waiting in join
            throw;
        }
        if (threads.NoticeKill())
        {
            Write($"[{tid}] killed at {name}"); // the kill arrived while the call ran
            return result;
        }
        if (Threads.GuestThread.Current is { Terminating: true }) return result;
        line.Append(" = ");
        Format(line, result);
        if (result < 0 && result >= -4095 && Errno.Name(-result) is { } errno) line.Append(' ').Append(errno);
        Write(line.ToString());
        return result;
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static void Format(StringBuilder line, nint value)
    {
        if (value is > -65536 and < 65536) line.Append((long)value);
        else line.Append("0x").Append(((ulong)value).ToString("x"));
    }
}
