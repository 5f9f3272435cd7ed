using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Microcosm.Syscalls;

/// <summary>
/// The program's standard input, output and error as .NET streams (CosmosOptions.StandardInput and the others): each
/// is a pipe, whose one end becomes the descriptor and whose other end a pump copies from the stream (input: the
/// program sees the end when the stream ends) or to it (output: until the program and every process it started with
/// that descriptor have closed it). The streams stay the caller's: they are never closed here.
/// </summary>
internal sealed class StandardStreams : IDisposable
{
    private readonly List<(AnonymousPipeServerStream Pipe, Stream Stream, bool Input)> _streams = [];
    private readonly List<Task> _outputs = [];

    /// <summary>The descriptors the program is given: the caller's handles, and a pipe end for each stream.</summary>
    public Dictionary<int, SafeHandle> Descriptors { get; }

    /// <param name="given">The handles the caller gives the program by number (CosmosOptions.Descriptors).</param>
    /// <param name="input">What the program reads as its standard input, or null.</param>
    /// <param name="output">Where its standard output goes, or null.</param>
    /// <param name="error">Where its standard error goes, or null.</param>
    public StandardStreams(IReadOnlyDictionary<int, SafeHandle> given, Stream? input, Stream? output, Stream? error)
    {
        Descriptors = new Dictionary<int, SafeHandle>(given);
        (int Number, Stream? Stream, bool Input)[] wanted = [(0, input, true), (1, output, false), (2, error, false)];
        foreach (var (number, stream, reads) in wanted)
        {
            if (stream == null) continue;
            if (Descriptors.ContainsKey(number))
                throw new ArgumentException($"descriptor {number} is given twice: as a handle in Descriptors and as a stream", nameof(given));
            var pipe = new AnonymousPipeServerStream(reads ? PipeDirection.Out : PipeDirection.In, HandleInheritability.None);
            _streams.Add((pipe, stream, reads));
            Descriptors[number] = pipe.ClientSafePipeHandle;
        }
    }

    /// <summary>Starts the pumps, once the instance has its own duplicates of the pipes' other ends.</summary>
    public void Start()
    {
        foreach (var (pipe, stream, input) in _streams)
        {
            pipe.DisposeLocalCopyOfClientHandle();   // the program's copies are the only ones: its close is the end
            var pump = input ? Pump(stream, pipe, closeDestination: true) : Pump(pipe, stream, closeDestination: false);
            if (!input) _outputs.Add(pump);
        }
    }

    /// <summary>Copies on a thread of its own, not the thread pool's: an embedder that runs its instances on pool threads
    /// (Task.Run) would otherwise starve the pumps, and what a program wrote would miss the wait for it at its end.</summary>
    private static Task Pump(Stream from, Stream to, bool closeDestination)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                from.CopyTo(to);
                to.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The program closed its input before reading it all, or the instance was disposed: the copy ends there.
            }
            finally
            {
                if (closeDestination) to.Dispose();
                done.SetResult();
            }
        }) { IsBackground = true, Name = "microcosm stream pump" }.Start();
        return done.Task;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for what the program wrote to have reached the output streams.</summary>
    public void WaitForOutput(TimeSpan timeout)
    {
        if (_outputs.Count > 0) Task.WaitAll([.. _outputs], timeout);
    }

    public void Dispose()
    {
        foreach (var (pipe, _, _) in _streams) pipe.Dispose();
    }
}
