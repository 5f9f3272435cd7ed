using System.IO.Pipes;
using Microcosm;

// Usage: Microcosm.EmbedHost MODE GUESTS-DIR MODULES-DIR SCRATCH [SECONDS]
//   descriptors: runs tests/guest/embedding/spray in instances one after another and four at once, each
//                with its stdout on a pipe of the host's; the host's own 0, 1, 2 and a data file it holds
//                open must come out untouched. Prints "host intact" or what was damaged, one line each.
//   stress:      16 threads run instances for SECONDS (default 20): C-library guests that work, fault, are
//                killed by the host, or spray descriptors. Prints what ran, then "no leaks" or what grew.
if (args.Length < 4) return 2;
string mode = args[0], guests = args[1], modules = args[2], scratch = args[3];
return mode switch
{
    "descriptors" => Descriptors.Check(guests, modules, scratch),
    "stress" => Stress.Run(guests, modules, scratch, args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20),
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

internal static class Stress
{
    private static readonly int Threads = int.TryParse(Environment.GetEnvironmentVariable("STRESS_THREADS"), out int n) ? n : 16;
    // Growth allowed after the warm-up, whatever the duration: a leak of one descriptor, one mapping or
    // one thread per instance exceeds them within seconds.
    private const int DescriptorsBound = 8, MappingsBound = 40, ThreadsBound = 4;

    private sealed record Sample(int Descriptors, int Mappings, int Threads)
    {
        public static Sample Take()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return new(Directory.GetFiles("/proc/self/fd").Length, File.ReadAllLines("/proc/self/maps").Length,
                Directory.GetDirectories("/proc/self/task").Length);
        }
    }

    public static int Run(string guests, string modules, string scratch, double seconds)
    {
        string[] kinds = Environment.GetEnvironmentVariable("STRESS_KINDS")?.Split(',') ?? ["worker", "crasher", "sleeper", "spray"];
        var counts = new int[kinds.Length];
        var problems = new List<string>();
        void Problem(string text)
        {
            lock (problems) problems.Add(text);
        }
        void Round(int thread, int round, int kind)
        {
            string name = kinds[kind];
            var started = DateTime.UtcNow;
            string? trouble = Instance(guests, modules, Path.Combine(scratch, $"{name}-{thread}-{round}"), name);
            if (trouble != null) Problem($"{name} (thread {thread}, round {round}): {trouble}");
            if (DateTime.UtcNow - started > TimeSpan.FromSeconds(30)) Problem($"{name} (thread {thread}, round {round}) took {DateTime.UtcNow - started}");
            Interlocked.Increment(ref counts[kind]);
        }
        // Warm-up: every kind once on every thread, so that pools and caches reach their working size.
        var warmUp = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int k = 0; k < kinds.Length; k++) Round(t, -1 - k, k);
        })).ToList();
        warmUp.ForEach(w => w.Start());
        warmUp.ForEach(w => w.Join());
        var baseline = Sample.Take();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int round = 0; DateTime.UtcNow < deadline; round++) Round(t, round, (t + round) % kinds.Length);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var final = Sample.Take();
        Console.WriteLine($"ran {string.Join(", ", kinds.Select((k, i) => $"{k} {counts[i]}"))}; baseline {baseline}, final {final}");
        if (final.Descriptors - baseline.Descriptors > DescriptorsBound) Problem($"descriptors grew from {baseline.Descriptors} to {final.Descriptors}");
        if (final.Mappings - baseline.Mappings > MappingsBound) Problem($"mappings grew from {baseline.Mappings} to {final.Mappings}");
        if (final.Threads - baseline.Threads > ThreadsBound) Problem($"threads grew from {baseline.Threads} to {final.Threads}");
        foreach (var problem in problems.Take(20)) Console.WriteLine(problem);
        if (problems.Count == 0) Console.WriteLine("no leaks");
        return 0;
    }

    private static Task<string> OnItsOwnThread(Func<string> body)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(body());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }) { IsBackground = true }.Start();
        return done.Task;
    }

    /// <summary>Runs one guest of the given kind; returns what went wrong, or null.</summary>
    private static string? Instance(string guests, string modules, string scratch, string kind)
    {
        // Not disposed here but by its reader, once it has read to the end: disposing a pipe stream waits for a
        // read in progress on it, so an instance that left its stdout open (reported below) would hang the host.
        var stdout = new AnonymousPipeServerStream(PipeDirection.In);
        using var stdin = new AnonymousPipeServerStream(PipeDirection.Out);   // never written: a read waits
        var options = new CosmosOptions { ModuleDirectory = modules, ThreadExitTimeout = TimeSpan.FromSeconds(5) };
        options.Descriptors[0] = stdin.ClientSafePipeHandle;
        options.Descriptors[1] = stdout.ClientSafePipeHandle;
        using var cosmos = new Cosmos(options);
        stdout.DisposeLocalCopyOfClientHandle();
        stdin.DisposeLocalCopyOfClientHandle();
        // The sleeper is killed by the host once it has said it started (its first line). A thread of its
        // own reads: sixteen readers blocked at once would starve the thread pool.
        var output = OnItsOwnThread(() =>
        {
            using var reader = new StreamReader(stdout);
            string? first = reader.ReadLine();
            if (kind == "sleeper" && first != null) cosmos.Syscalls.Invoke(Microcosm.Syscalls.CoreSyscall.KillThread, 1, 77);
            return first == null ? "" : first + "\n" + reader.ReadToEnd();
        });
        string program = Path.Combine(guests, "embedding", kind);
        int status;
        try
        {
            status = cosmos.Run(program, [scratch]);
            if (kind == "sleeper" && status != 77) return $"exited {status}, not 77 from the host's kill";
            if (kind == "crasher") return $"exited {status} without a fault";
            if (kind != "sleeper" && status != 0) return $"exited {status}";
        }
        catch (GuestFaultException fault)
        {
            if (kind != "crasher" || fault.Fault.Signal != 11) return $"faulted: {fault.Fault}";
        }
        cosmos.Dispose();
        if (cosmos.StrandedThreads != 0) return $"{cosmos.StrandedThreads} threads stranded";
        if (!output.Wait(TimeSpan.FromSeconds(30))) return "its stdout never ended (a descriptor was left open)";
        string expected = kind switch { "worker" => "worker done\n", "crasher" => "crasher started\n", "sleeper" => "sleeper started\n", _ => "hello from spray\n" };
        return output.Result == expected ? null : $"printed \"{output.Result}\"";
    }
}
