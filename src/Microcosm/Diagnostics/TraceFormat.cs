using System.Text;

namespace Microcosm.Diagnostics;

/// <summary>
/// The text of <c>--trace</c>, version <see cref="Version"/> (docs/tracing.md is the specification;
/// tests parse this output with the regular expression printed there).
/// </summary>
internal static class TraceFormat
{
    public const int Version = 1;

    /// <summary>The first line an instance writes: tools check it before reading on.</summary>
    public static string Header => $"# microcosm-trace {Version}";

    /// <summary><c>[tid] name(arg, ...)</c>: the start of a syscall line.</summary>
    public static StringBuilder Call(long tid, string name, int arity, ReadOnlySpan<nint> args)
    {
        var line = new StringBuilder();
        line.Append('[').Append(tid).Append("] ").Append(name).Append('(');
        for (int i = 0; i < arity; i++)
        {
            if (i > 0) line.Append(", ");
            Value(line, args[i]);
        }
        return line.Append(')');
    }

    /// <summary><c> = result</c>, with the errno name of a -errno result.</summary>
    public static string Returned(StringBuilder call, nint result, string? errno)
    {
        call.Append(" = ");
        Value(call, result);
        if (errno != null) call.Append(' ').Append(errno);
        return call.ToString();
    }

    public static string EndsThread(StringBuilder call) => call + " ends the thread";

    public static string Killed(long tid, string name) => $"[{tid}] killed at {name}";

    /// <summary><c>[tid] * event</c>, then fields appended with <see cref="Field(StringBuilder, string, long)"/> and friends.</summary>
    public static StringBuilder Event(long tid, string name) => new StringBuilder().Append('[').Append(tid).Append("] * ").Append(name);

    /// <summary>An integer field: decimal.</summary>
    public static StringBuilder Field(StringBuilder line, string key, long value) => line.Append(' ').Append(key).Append('=').Append(value);

    /// <summary>An address field: always hex.</summary>
    public static StringBuilder Address(StringBuilder line, string key, ulong value) =>
        line.Append(' ').Append(key).Append("=0x").Append(value.ToString("x"));

    /// <summary>A string field: double-quoted, with \\ \" \n \r \t and \xHH (other control characters) escaped.</summary>
    public static StringBuilder Field(StringBuilder line, string key, string value)
    {
        line.Append(' ').Append(key).Append("=\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': line.Append(@"\\"); break;
                case '"': line.Append("\\\""); break;
                case '\n': line.Append(@"\n"); break;
                case '\r': line.Append(@"\r"); break;
                case '\t': line.Append(@"\t"); break;
                case < ' ' or '\x7f': line.Append(@"\x").Append(((int)c).ToString("x2")); break;
                default: line.Append(c); break;
            }
        }
        return line.Append('"');
    }

    /// <summary>A syscall argument or result (untyped): decimal between -65535 and 65535, else 0x hex of the 64 bits.</summary>
    public static void Value(StringBuilder line, nint value)
    {
        if (value is > -65536 and < 65536) line.Append((long)value);
        else line.Append("0x").Append(((ulong)value).ToString("x"));
    }
}
