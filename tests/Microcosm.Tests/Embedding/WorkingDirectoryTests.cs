using System.Text;

namespace Microcosm.Tests.Embedding;

/// <summary>
/// Each instance's own working directory (CosmosOptions.WorkingDirectory, docs/embedding.md, "The working
/// directory"): a program starts there, resolves relative names from there, and its chdir moves only itself -
/// never the host process's directory, nor another instance's running at the same time.
/// </summary>
public sealed class WorkingDirectoryTests
{
    public WorkingDirectoryTests() => GuestBuild.Ensure();

    private static CosmosOptions Options() => new() { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") };

    [Fact]
    public async Task AProgramsChdirMovesNeitherTheHostNorAnotherInstance()
    {
        string host = Environment.CurrentDirectory;
        string scratch = Directory.CreateTempSubdirectory("microcosm-cwd-").FullName;
        try
        {
            string[] starts = [Path.Combine(scratch, "one"), Path.Combine(scratch, "two")];
            foreach (string start in starts) Directory.CreateDirectory(Path.Combine(start, "inner"));
            // Eight instances at once, four in each directory, each changing to "inner" (relative to its own).
            var runs = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            {
                var options = Options();
                options.WorkingDirectory = starts[i % 2];
                var output = new MemoryStream();
                options.StandardOutput = output;
                int status;
                using (var cosmos = new Cosmos(options))
                    status = cosmos.Run(TestPaths.Guest("embedding/wander"), ["inner"]);
                return (Start: starts[i % 2], Status: status, Output: Encoding.UTF8.GetString(output.ToArray()));   // all of it, once disposed
            })).ToArray();
            foreach (var (start, status, output) in await Task.WhenAll(runs))
            {
                Assert.Equal(0, status);
                Assert.Equal($"start {start}\nnow {start}/inner\n", output);
            }
            foreach (string start in starts)
            {
                Assert.True(File.Exists(Path.Combine(start, "made-at-start")));
                Assert.True(File.Exists(Path.Combine(start, "inner", "made-after-chdir")));
            }
            Assert.Equal(host, Environment.CurrentDirectory);
            Assert.False(File.Exists(Path.Combine(host, "made-at-start")));
            Assert.False(File.Exists(Path.Combine(host, "made-after-chdir")));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void AWorkingDirectoryThatIsNoDirectoryIsRefusedByName()
    {
        var options = Options();
        options.WorkingDirectory = "/no/such/directory";
        var ex = Assert.Throws<ArgumentException>(() => new Cosmos(options));
        Assert.Contains("WorkingDirectory: /no/such/directory: no such directory", ex.Message);
        string file = Path.GetTempFileName();
        try
        {
            options.WorkingDirectory = file;
            ex = Assert.Throws<ArgumentException>(() => new Cosmos(options));
            Assert.Contains($"WorkingDirectory: {file}: not a directory", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
