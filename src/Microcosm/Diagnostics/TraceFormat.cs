using System.Text;

namespace Microcosm.Diagnostics;

/// <summary>
/// The text of <c>--trace</c>, version <see cref="Version"/> (docs/tracing.md is the specification;
/// tests parse this output with the regular expression printed there).
/// </summary>
internal static class TraceFormat
{
    public const int Version = 4;

    /// <summary>The first line an instance writes: tools check it before reading on.</summary>
    public static string Header => $"# microcosm-trace {Version}";

    /// <summary>How an argument is shown instead of its value (<see cref="Call"/>): as the bytes it points to, quoted (the
    /// first ones, and whether there were more), or by a name (flags, <c>AT_FDCWD</c>).</summary>
    public readonly record struct Shown(byte[]? Bytes, bool Cut, string? Name)
    {
        public static Shown Quoted(byte[] bytes, bool cut) => new(bytes, cut, null);
        public static Shown Named(string name) => new(null, false, name);
    }

    /// <summary><c>[tid] name(arg, ...)</c>: the start of a syscall line; an argument <paramref name="shown"/> has is shown
    /// as its bytes, quoted as strace quotes a string, or by its name (read by the caller: Syscalls/TraceArguments.cs),
    /// the others as values.</summary>
    public static StringBuilder Call(long tid, string name, ReadOnlySpan<nint> args, ReadOnlySpan<Shown?> shown)
    {
        var line = new StringBuilder();
        line.Append('[').Append(tid).Append("] ").Append(name).Append('(');
        for (int i = 0; i < shown.Length; i++)
        {
            if (i > 0) line.Append(", ");
            if (shown[i] is { Name: { } named }) line.Append(named);
            else if (shown[i] is { Bytes: { } bytes } q) Bytes(line, bytes, q.Cut);
            else Value(line, args[i]);
        }
        return line.Append(')');
    }

    /// <summary>Bytes as a quoted string: UTF-8 text as itself, \\ \" \n \r \t, and any other byte below 0x20, 0x7f or not
    /// part of valid UTF-8 as \xHH; <c>...</c> after the quote when there was more.</summary>
    private static void Bytes(StringBuilder line, ReadOnlySpan<byte> bytes, bool cut)
    {
        line.Append('"');
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out int used);
            if (status == System.Buffers.OperationStatus.Done) Escaped(line, rune);
            else line.Append(@"\x").Append(bytes[0].ToString("x2"));   // not UTF-8 (or cut inside a character)
            bytes = bytes[(status == System.Buffers.OperationStatus.Done ? used : 1)..];
        }
        line.Append('"');
        if (cut) line.Append("...");
    }

    private static void Escaped(StringBuilder line, System.Text.Rune rune)
    {
        switch (rune.Value)
        {
            case '\\': line.Append(@"\\"); break;
            case '"': line.Append("\\\""); break;
            case '\n': line.Append(@"\n"); break;
            case '\r': line.Append(@"\r"); break;
            case '\t': line.Append(@"\t"); break;
            case < ' ' or 0x7f: line.Append(@"\x").Append(rune.Value.ToString("x2")); break;
            default: line.Append(rune.ToString()); break;
        }
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
        foreach (var rune in value.EnumerateRunes()) Escaped(line, rune);
        return line.Append('"');
    }

    /// <summary>A syscall argument or result (untyped): decimal between -65535 and 65535, else 0x hex of the 64 bits.</summary>
    public static void Value(StringBuilder line, nint value)
    {
        if (value is > -65536 and < 65536) line.Append((long)value);
        else line.Append("0x").Append(((ulong)value).ToString("x"));
    }
}
