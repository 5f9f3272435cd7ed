using Microcosm.Diagnostics;

namespace Microcosm.Syscalls;

/// <summary>
/// What a trace line shows of a call's arguments beyond their values (docs/tracing.md, "Strings and buffers" and
/// "Flags"): by the kinds abi/syscalls.tsv gives (<see cref="SyscallNames"/>), a string the call reads (s) or a buffer
/// it reads whose length is the next argument (b), read from guest memory with the checked copy before the call - the
/// first <see cref="ShownLength"/> bytes, and whether there were more; one that cannot be read (NULL, a bad pointer) is
/// not shown: its value is - and flags by name (<see cref="TraceFlags"/>): open's (o), the *at calls' (a), mmap's
/// protection (p) and flags (m), and a directory descriptor (d) that is AT_FDCWD.
/// </summary>
internal static class TraceArguments
{
    public const int ShownLength = 32;

    public static TraceFormat.Shown?[] Read(string kinds, ReadOnlySpan<nint> args)
    {
        var shown = new TraceFormat.Shown?[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            long flags = (uint)args[i];   // an int in the kernel: the register's upper half is not part of it
            shown[i] = kinds[i] switch
            {
                's' => String(args[i]),
                'b' when i + 1 < kinds.Length => Buffer(args[i], args[i + 1]),
                'd' when (int)args[i] == TraceFlags.AtFdCwd => TraceFormat.Shown.Named("AT_FDCWD"),
                'o' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Open, flags, "0")),
                'a' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.At, flags, "0")),
                'p' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Protection, flags, "PROT_NONE")),
                'm' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Map, flags, "0")),
                _ => null,
            };
        }
        return shown;
    }

    private static TraceFormat.Shown? String(nint pointer)
    {
        if (pointer == 0) return null;
        int read = GuestMemory.TryReadCString(pointer, ShownLength + 1, out byte[] whole);
        if (read == 0) return TraceFormat.Shown.Quoted(whole, cut: false);
        // Longer than is shown (no NUL among the first bytes, every one of them readable): its start.
        byte[] start = new byte[ShownLength];
        return read == -Errno.ENAMETOOLONG && GuestMemory.TryRead(pointer, start) ? TraceFormat.Shown.Quoted(start, cut: true) : null;
    }

    private static TraceFormat.Shown? Buffer(nint pointer, nint length)
    {
        if (pointer == 0 || length < 0) return null;
        byte[] bytes = new byte[(int)Math.Min(length, ShownLength)];
        return GuestMemory.TryRead(pointer, bytes) ? TraceFormat.Shown.Quoted(bytes, cut: length > ShownLength) : null;
    }
}
