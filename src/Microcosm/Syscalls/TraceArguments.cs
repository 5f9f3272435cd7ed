using Microcosm.Diagnostics;

namespace Microcosm.Syscalls;

/// <summary>
/// What a trace line shows of a call's arguments beyond their values (docs/tracing.md, "Strings and buffers"): by the
/// kinds abi/syscalls.tsv gives (<see cref="SyscallNames"/>), a string the call reads (s) or a buffer it reads whose
/// length is the next argument (b), read from guest memory with the checked copy before the call; the first
/// <see cref="ShownLength"/> bytes, and whether there were more. One that cannot be read (NULL, a bad pointer) is not
/// shown: its value is.
/// </summary>
internal static class TraceArguments
{
    public const int ShownLength = 32;

    public static TraceFormat.Quoted?[] Read(string kinds, ReadOnlySpan<nint> args)
    {
        var shown = new TraceFormat.Quoted?[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
            shown[i] = kinds[i] switch
            {
                's' => String(args[i]),
                'b' when i + 1 < kinds.Length => Buffer(args[i], args[i + 1]),
                _ => null,
            };
        return shown;
    }

    private static TraceFormat.Quoted? String(nint pointer)
    {
        if (pointer == 0) return null;
        int read = GuestMemory.TryReadCString(pointer, ShownLength + 1, out byte[] whole);
        if (read == 0) return new(whole, Cut: false);
        // Longer than is shown (no NUL among the first bytes, every one of them readable): its start.
        byte[] start = new byte[ShownLength];
        return read == -Errno.ENAMETOOLONG && GuestMemory.TryRead(pointer, start) ? new(start, Cut: true) : null;
    }

    private static TraceFormat.Quoted? Buffer(nint pointer, nint length)
    {
        if (pointer == 0 || length < 0) return null;
        byte[] bytes = new byte[(int)Math.Min(length, ShownLength)];
        return GuestMemory.TryRead(pointer, bytes) ? new(bytes, Cut: length > ShownLength) : null;
    }
}
