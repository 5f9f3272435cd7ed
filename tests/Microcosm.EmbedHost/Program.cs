using System.IO.Pipes;
using Microcosm;

// Usage: Microcosm.EmbedHost MODE GUESTS-DIR MODULES-DIR SCRATCH
//   descriptors: runs tests/guest/embedding/spray in instances one after another and four at once, each
//                with its stdout on a pipe of the host's; the host's own 0, 1, 2 and a data file it holds
//                open must come out untouched. Prints "host intact" or what was damaged, one line each.
if (args.Length < 4) return 2;
string mode = args[0], guests = args[1], modules = args[2], scratch = args[3];
return mode switch
{
    "descriptors" => Descriptors.Check(guests, modules, scratch),
    _ => 2,
};

internal static class Descriptors
{
    public static int Check(string guests, string modules, string scratch)
    {
        string dataPath = Path.Combine(scratch, "host-data");
        File.WriteAllText(dataPath, "host data\n");
        using var data = new FileStream(dataPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        int dataFd = (int)data.SafeFileHandle.DangerousGetHandle();
        var before = Identities([0, 1, 2, dataFd]);
        var problems = new List<string>();

        for (int round = 0; round < 3; round++) RunSpray(guests, modules, Path.Combine(scratch, $"own-{round}"), problems);
        var together = Enumerable.Range(0, 4).Select(k => Task.Run(() => RunSpray(guests, modules, Path.Combine(scratch, $"own-t{k}"), problems))).ToArray();
        Task.WaitAll(together);

        var after = Identities([0, 1, 2, dataFd]);
        foreach (var (fd, identity) in before)
            if (after[fd] != identity) problems.Add($"host descriptor {fd} was {identity}, is now {after[fd]}");
        data.Position = 0;
        string content = new StreamReader(data).ReadToEnd();
        if (content != "host data\n") problems.Add($"the host's data file holds \"{content}\"");
        lock (problems)
        {
            foreach (var problem in problems) Console.WriteLine(problem);
        }
        if (problems.Count == 0) Console.WriteLine("host intact");
        return 0;
    }

    /// <summary>One instance: spray's stdout on a pipe the host reads; its own file gets what it writes after.</summary>
    private static void RunSpray(string guests, string modules, string own, List<string> problems)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var options = new CosmosOptions { ModuleDirectory = modules };
        options.Descriptors[1] = pipe.ClientSafePipeHandle;
        int status;
        using (var cosmos = new Cosmos(options))
        {
            pipe.DisposeLocalCopyOfClientHandle();   // the instance holds its duplicate
            var output = Task.Run(() => new StreamReader(pipe).ReadToEnd());
            status = cosmos.Run(Path.Combine(guests, "embedding", "spray"), [own]);
            cosmos.Dispose();                        // its descriptors close: the reader sees the end
            string text = output.Result;
            lock (problems)
            {
                if (status != 0) problems.Add($"spray exited {status}");
                if (text != "hello from spray\n") problems.Add($"spray's stdout was \"{text}\"");
            }
        }
        string mine = File.Exists(own) ? File.ReadAllText(own) : "";
        if (mine != "into the guest's own file\n")
            lock (problems) problems.Add($"spray's own file holds \"{mine}\"");
    }

    /// <summary>What each descriptor refers to, as /proc/self/fd names it ("closed" if it is not open).</summary>
    private static Dictionary<int, string> Identities(int[] fds) =>
        fds.ToDictionary(fd => fd, fd => new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "closed");
}
