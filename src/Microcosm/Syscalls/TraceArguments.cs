using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microcosm.Diagnostics;

namespace Microcosm.Syscalls;

/// <summary>
/// What a trace line shows of a call's arguments beyond their values (docs/tracing.md, "Strings, buffers and structures"
/// and "Flags"), by the kinds abi/syscalls.tsv gives (<see cref="SyscallNames"/>). What the call reads is read from guest
/// memory with the checked copy before the call (<see cref="Read"/>): a string (s), a buffer whose length is the next
/// argument (b) - the first <see cref="ShownLength"/> bytes, and whether there were more - and a timespec (t). What it
/// fills is read after a call that succeeded (<see cref="ReadFilled"/>): a buffer whose length is the result (B), a stat
/// (S), a timespec (T), two descriptors (P). Flags and names need no memory: open's (o), the *at calls' (a), mmap's
/// protection (p) and flags (m), a directory descriptor (d) that is AT_FDCWD, a clock (c). What cannot be read (NULL, a
/// bad pointer, a call that failed) is not shown: its value is.
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
                't' => Timespec(args[i]),
                'd' when (int)args[i] == TraceFlags.AtFdCwd => TraceFormat.Shown.Named("AT_FDCWD"),
                'o' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Open, flags, "0")),
                'a' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.At, flags, "0")),
                'p' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Protection, flags, "PROT_NONE")),
                'm' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Map, flags, "0")),
                'c' => TraceFormat.Shown.Named(TraceFlags.Format(TraceFlags.Clock, (int)args[i], "0")),
                _ => null,
            };
        }
        return shown;
    }

    /// <summary>Whether <paramref name="kinds"/> has an argument the call fills, which <see cref="ReadFilled"/> then reads.</summary>
    public static bool FillsAny(string kinds) => kinds.AsSpan().IndexOfAny("BSTP") >= 0;

    /// <summary>After the call: what it filled, when it succeeded (<paramref name="result"/> not an error).</summary>
    public static void ReadFilled(string kinds, ReadOnlySpan<nint> args, nint result, TraceFormat.Shown?[] shown)
    {
        if (result < 0) return;
        for (int i = 0; i < kinds.Length; i++)
            shown[i] = kinds[i] switch
            {
                'B' => Buffer(args[i], result),
                'S' => Stat(args[i]),
                'T' => Timespec(args[i]),
                'P' => Descriptors(args[i]),
                _ => shown[i],
            };
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

    /// <summary><c>{tv_sec=1, tv_nsec=500}</c>.</summary>
    private static TraceFormat.Shown? Timespec(nint pointer) =>
        pointer != 0 && GuestMemory.TryRead(pointer, out LinuxTimespec t)
            ? TraceFormat.Shown.Named($"{{tv_sec={t.Seconds}, tv_nsec={t.Nanoseconds}}}")
            : null;

    /// <summary>As strace abbreviates a stat: <c>{st_mode=S_IFREG|0644, st_size=6, ...}</c>, with the device numbers
    /// instead of the size for a device (<c>st_rdev=makedev(0x1, 0x3)</c>).</summary>
    private static TraceFormat.Shown? Stat(nint pointer)
    {
        Span<byte> st = stackalloc byte[StatLength];
        if (pointer == 0 || !GuestMemory.TryRead(pointer, st)) return null;
        uint bits = BinaryPrimitives.ReadUInt32LittleEndian(st[StatMode..]);
        long type = bits & TraceFlags.FileType.FieldMask;
        string? typeName = Array.Find(TraceFlags.FileType.Values, v => v.Value == type).Name;
        string mode = typeName != null ? typeName + "|0" + Convert.ToString(bits & 0xfff, 8) : "0" + Convert.ToString(bits, 8);
        if (typeName is "S_IFCHR" or "S_IFBLK")
        {
            ulong dev = BinaryPrimitives.ReadUInt64LittleEndian(st[StatRdev..]);
            return TraceFormat.Shown.Named($"{{st_mode={mode}, st_rdev=makedev(0x{Major(dev):x}, 0x{Minor(dev):x}), ...}}");
        }
        return TraceFormat.Shown.Named($"{{st_mode={mode}, st_size={BinaryPrimitives.ReadInt64LittleEndian(st[StatSize..])}, ...}}");
    }

    // Linux's dev_t: the major number in bits 8-19 and 32-63, the minor in bits 0-7 and 20-31 (glibc's gnu_dev_major/minor).
    private static ulong Major(ulong dev) => ((dev >> 8) & 0xfff) | ((uint)(dev >> 32) & ~0xfffu);
    private static ulong Minor(ulong dev) => (dev & 0xff) | ((uint)(dev >> 12) & ~0xffu);

    /// <summary><c>[3, 4]</c>: what pipe, pipe2 and socketpair made.</summary>
    private static TraceFormat.Shown? Descriptors(nint pointer) =>
        pointer != 0 && GuestMemory.TryRead(pointer, out TwoDescriptors fds) ? TraceFormat.Shown.Named($"[{fds.First}, {fds.Second}]") : null;

    // The guest's structures are Linux x86-64's, as the modules' guest/modules/shared/linux_abi.h writes them (struct
    // linux_timespec, struct linux_stat: st_mode, st_rdev and st_size; checked against the kernel's headers there).
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct LinuxTimespec(long Seconds, long Nanoseconds);

    private const int StatLength = 144, StatMode = 24, StatRdev = 40, StatSize = 48;

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TwoDescriptors(int First, int Second);
}
