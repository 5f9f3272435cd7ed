using System.Runtime.InteropServices;
using System.Text;

namespace Microcosm.Cli;

/// <summary>
/// A text writer straight onto a descriptor, UTF-8, unbuffered: microcosm's stderr (see
/// <see cref="Errors.OpenStderr"/>), each write whole (a report line is one write(2)). Console's own
/// writers open their descriptor themselves; a FileStream under a StreamWriter would work too, with
/// more machinery than a few lines on stderr need.
/// </summary>
internal sealed partial class DescriptorWriter(int fd) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        WriteAll(bytes);
    }

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");   // one write: a line stays whole

    private unsafe void WriteAll(byte[] bytes)
    {
        fixed (byte* start = bytes)
        {
            for (int done = 0; done < bytes.Length;)
            {
                nint n = write(fd, start + done, (nuint)(bytes.Length - done));
                if (n <= 0)
                {
                    if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                    return;   // a closed or full stderr: the report is lost, as with Console.Error
                }
                done += (int)n;
            }
        }
    }

    private const int EINTR = 4;

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nuint count);
}
