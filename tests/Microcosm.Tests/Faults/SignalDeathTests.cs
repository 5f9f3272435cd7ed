namespace Microcosm.Tests.Faults;

/// <summary>
/// A program a signal ends — its default action, abort(), a write to a broken pipe, a fault — ends the way a
/// native program does: killed by the signal, with no atexit handler, destructor or flush; microcosm itself
/// dies by the signal, so that its parent's waitpid sees WIFSIGNALED (docs/faults.md, docs/libc.md).
/// </summary>
public class SignalDeathTests
{
    public SignalDeathTests() => GuestBuild.Ensure();

    private static readonly string Program = TestPaths.Guest("libc/signal_death");
    private static readonly string NativeProgram = TestPaths.Guest("libc/signal_death-native");
    private static readonly string WaitStatus = TestPaths.Guest("libc/wait_status");
    private static readonly Dictionary<string, string> SdkEnvironment = new() { ["MICROCOSM_SDK"] = TestPaths.Sdk };

    [Theory]
    [InlineData("pipe", 13)]    // SIGPIPE
    [InlineData("abort", 6)]    // SIGABRT
    [InlineData("raise", 15)]   // SIGTERM
    [InlineData("segv", 11)]    // a fault
    [InlineData("thread", 6)]   // abort() on a thread other than the main one
    public void MicrocosmDiesByTheSignalThatKilledItsProgramAsTheNativeProgramDies(string how, int signal)
    {
        // wait_status's stdout is the program's too: a flush of "buffered" would show there.
        var native = Run.Process(WaitStatus, [NativeProgram, how]);
        Assert.Equal($"signal {signal}\n", native.StandardOutput);
        Assert.Equal("", native.StandardError);
        var guest = Run.Process(WaitStatus, [TestPaths.Cli, "run", Program, how], SdkEnvironment);
        Assert.True(guest.StandardOutput == native.StandardOutput, $"{how}: {guest.StandardOutput}\n{guest.StandardError}");
        string expectedError = how == "segv" ? $"microcosm: {Program}: fault SIGSEGV" : "";
        Assert.StartsWith(expectedError, guest.StandardError);
        Assert.DoesNotContain(" ran", guest.StandardError); // neither the atexit handler nor the destructor

        // A shell reports it as 128 + the signal, as it reports the native program.
        var shell = Run.Process("bash", ["-c", "\"$0\" run \"$1\" \"$2\" 2>/dev/null; echo $?", TestPaths.Cli, Program, how], SdkEnvironment);
        Assert.Equal($"{128 + signal}\n", shell.StandardOutput);
    }

    [Fact]
    public void AnEmbedderSeesTheSignalThatEndedTheProgramAndRunStillReturns128PlusIt()
    {
        var options = new CosmosOptions { ModuleDirectory = Path.Combine(TestPaths.Build, "modules") };
        using (var cosmos = new Cosmos(options))
        {
            Assert.Equal(128 + 13, cosmos.Run(Program, ["pipe"]));
            Assert.Equal(13, cosmos.TerminatingSignal);
        }
        using (var cosmos = new Cosmos(options))
        {
            Assert.Equal(128 + 6, cosmos.Run(Program, ["thread"]));
            Assert.Equal(6, cosmos.TerminatingSignal);
        }
        using (var cosmos = new Cosmos(options))
        {
            Assert.Equal(4, cosmos.Run(Program, ["survive"])); // an argument it does not know: it returns 4
            Assert.Null(cosmos.TerminatingSignal);
        }
    }
}
