using System.Text;
using Microcosm.Native;

namespace Microcosm.Syscalls;

/// <summary>
/// With tracing on, every call goes through here: one line per syscall on the trace writer,
/// <c>[tid] name(arg, ...) = result</c>, with -errno results named (<c>= -2 ENOENT</c>).
/// </summary>
internal sealed class SyscallTracer(SyscallTable table, TextWriter writer) : ManagedEntry
{
    private readonly Lock _gate = new();

    public override nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        nint result = table.CallRegistered(number, a, b, c, d, e, f);
        var (name, arity) = SyscallNames.Describe(number);
        var line = new StringBuilder();
        line.Append('[').Append(Environment.CurrentManagedThreadId).Append("] ").Append(name).Append('(');
        ReadOnlySpan<nint> args = [a, b, c, d, e, f];
        for (int i = 0; i < arity; i++)
        {
            if (i > 0) line.Append(", ");
            Format(line, args[i]);
        }
        line.Append(") = ");
        Format(line, result);
        if (result < 0 && result >= -4095 && Errno.Name(-result) is { } errno) line.Append(' ').Append(errno);
        lock (_gate)
        {
            writer.WriteLine(line.ToString());
            writer.Flush();
        }
        return result;
    }

    private static void Format(StringBuilder line, nint value)
    {
        if (value is > -65536 and < 65536) line.Append((long)value);
        else line.Append("0x").Append(((ulong)value).ToString("x"));
    }
}
