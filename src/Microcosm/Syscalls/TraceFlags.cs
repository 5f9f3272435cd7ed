using System.Text;

namespace Microcosm.Syscalls;

/// <summary>
/// Flag arguments by name, as strace shows them (docs/tracing.md, "Flags"): the sets are generated from the modules'
/// linux_abi.h (Abi.targets), where Linux's values are written once. A set has a field of values under a mask (open's
/// access mode, mmap's sharing type) and bits; bits no name covers print in hex after the names.
/// </summary>
internal static partial class TraceFlags
{
    /// <summary>One set: the field's mask (0: none), the names of its values, then the names of the bits - those made of
    /// several bits first.</summary>
    internal sealed record FlagSet(long FieldMask, (string Name, long Value)[] Values, (string Name, long Value)[] Bits);

    /// <summary><paramref name="value"/> as names joined by <c>|</c>: <c>O_WRONLY|O_CREAT|O_CLOEXEC</c>,
    /// <c>PROT_READ|PROT_WRITE</c>; <paramref name="zero"/> for 0 where the set has no field.</summary>
    public static string Format(FlagSet set, long value, string zero)
    {
        var text = new StringBuilder();
        long rest = value;
        if (set.FieldMask != 0)
        {
            long field = value & set.FieldMask;
            string? name = null;
            foreach (var (n, v) in set.Values)
                if (v == field) { name = n; break; }
            if (name == null) return Hex(value);   // not a value of the field: the number, as strace prints it
            text.Append(name);
            rest &= ~set.FieldMask;
        }
        foreach (var (name, bits) in set.Bits)
        {
            if ((rest & bits) != bits) continue;
            if (text.Length > 0) text.Append('|');
            text.Append(name);
            rest &= ~bits;
        }
        if (rest != 0) (text.Length > 0 ? text.Append('|') : text).Append(Hex(rest));
        return text.Length > 0 ? text.ToString() : zero;
    }

    private static string Hex(long value) => "0x" + ((ulong)value).ToString("x");
}
