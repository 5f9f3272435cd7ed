using System.Text;

namespace Microcosm.Tests.Embedding;

/// <summary>A program's standard streams as .NET streams (CosmosOptions.StandardInput/Output/Error, docs/embedding.md).</summary>
public sealed class StandardStreamTests
{
    public StandardStreamTests() => GuestBuild.Ensure();

    private static CosmosOptions Options() => new() { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") };

    [Fact]
    public void InputIsReadFromAStreamAndOutputWrittenToOne()
    {
        var options = Options();
        string text = string.Concat(Enumerable.Range(0, 20000).Select(i => $"line {i}\n"));   // more than a pipe holds
        options.StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var output = new MemoryStream();
        options.StandardOutput = output;
        using (var cosmos = new Cosmos(options))
            Assert.Equal(0, cosmos.Run(Path.Combine(TestPaths.Build, "examples", "cat")));
        Assert.Equal(text, Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(output.CanWrite);   // still the caller's
    }

    [Fact]
    public async Task OutputReachesItsStreamWhenInstancesRunOnEveryPoolThread()
    {
        // Sixteen instances on thread-pool threads at once, more than the pool has: the copies to the streams must not
        // wait for a pool thread of their own (they once did, and the output was lost when the wait at the end timed out).
        var runs = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            var options = Options();
            var output = new MemoryStream();
            options.StandardOutput = output;
            using (var cosmos = new Cosmos(options))
                Assert.Equal(0, cosmos.Run(Path.Combine(TestPaths.Build, "examples", "hello"), [$"run {i}"]));
            return (i, Encoding.UTF8.GetString(output.ToArray()));
        })).ToArray();
        foreach (var (i, text) in await Task.WhenAll(runs))
            Assert.Equal($"Hello from Microcosm! ({Path.Combine(TestPaths.Build, "examples", "hello")}, 1 argument)\n", text);
    }

    [Fact]
    public void ErrorOutputHasAStreamOfItsOwn()
    {
        var options = Options();
        var error = new MemoryStream();
        options.StandardError = error;
        options.StandardOutput = Stream.Null;
        using (var cosmos = new Cosmos(options))
            Assert.Equal(1, cosmos.Run(Path.Combine(TestPaths.Build, "examples", "cat"), ["/no/such/file"]));
        Assert.Equal("cat: /no/such/file: No such file or directory\n", Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public void AStreamAndAHandleForOneDescriptorIsAnError()
    {
        var options = Options();
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.In);
        options.Descriptors[1] = pipe.ClientSafePipeHandle;
        options.StandardOutput = new MemoryStream();
        var ex = Assert.Throws<ArgumentException>(() => new Cosmos(options));
        Assert.Contains("descriptor 1 is given twice", ex.Message);
    }
}
