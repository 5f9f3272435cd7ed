namespace Microcosm.Tests;

/// <summary>
/// The examples the README shows (build/examples, built once with <c>microcosm cc</c>), run as a user would on each host:
/// the very same files, the same output and status. They are what a newcomer tries first.
/// </summary>
public class ExampleTests
{
    public ExampleTests() => GuestBuild.Ensure();

    private static string Example(string name) => TestPaths.Example(name);

    private static void AssertRan(ProcessResult result, string expectedOutput)
    {
        Assert.Equal("", result.StandardError);
        Assert.Equal(expectedOutput, result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableTheory, OnBothHosts]
    public void HelloCountsItsArguments(TargetHost host)
    {
        string hello = Example("hello");
        AssertRan(Run.Cli(host, ["run", hello, "one", "two"]), $"Hello from Microcosm! ({hello}, 2 arguments)\n");
    }

    [SkippableTheory, OnBothHosts]
    public void SyscallRegistersAndReplacesAHandlerAtRunTime(TargetHost host) =>
        AssertRan(Run.Cli(host, ["run", Example("syscall")]),
            "before: -38 (-38 is ENOSYS)\nadd: 13\nmultiply: 42 (replaced add: yes)\nafter: -38\n");

    [SkippableTheory, OnBothHosts]
    public void WcCountsStandardInput(TargetHost host) =>
        AssertRan(Run.Cli(host, ["run", Example("wc")], input: "one two\nthree\n\nfour five six\n"),
            "      4       6      29\n");

    [SkippableTheory, OnBothHosts]
    public void CatCopiesAFileByteForByte(TargetHost host)
    {
        string source = Path.Combine(TestPaths.Root, "examples", "cat.c");
        AssertRan(Run.Cli(host, ["run", Example("cat"), source]), File.ReadAllText(source));
    }

    [SkippableTheory, OnBothHosts]
    public void CatNamesAFileItCannotOpen(TargetHost host)
    {
        var result = Run.Cli(host, ["run", Example("cat"), "/no/such/file"]);
        Assert.Equal("cat: /no/such/file: No such file or directory\n", result.StandardError);
        Assert.Equal(1, result.ExitCode);
    }

    [SkippableTheory, OnBothHosts]
    public void ProducersAndConsumersLoseNoItem(TargetHost host) =>
        AssertRan(Run.Cli(host, ["run", Example("prodcons")], timeoutSeconds: 120),
            "consumed 100000 items, sum 5000050000 (expected 100000 items, sum 5000050000)\n");

    [SkippableTheory, OnBothHosts]
    public void GreeterCallsItsSharedLibrary(TargetHost host) =>
        AssertRan(Run.Cli(host, ["run", Example("greeter"), "Ada", "Linus"]), "Hello, Ada!\nHello, Linus!\n2 greetings in English\n");
}
