namespace Microcosm.Syscalls;

/// <summary>Names and argument counts for tracing. Unknown numbers print as <c>syscall_N</c> with four arguments.</summary>
internal static class SyscallNames
{
    private static readonly Dictionary<long, (string Name, int Arity)> Known = new()
    {
        [-1] = ("mc_register", 2), [-2] = ("mc_get", 1), [-3] = ("mc_deregister", 1),
        [-4] = ("mc_dlopen", 4), [-5] = ("mc_dlsym", 4), [-6] = ("mc_dlclose", 1), [-7] = ("mc_dladdr", 2),
        [-8] = ("mc_expand_thread", 2), [-9] = ("mc_thread_self", 0), [-10] = ("mc_exit_signal", 1), [-11] = ("mc_take_descriptor", 2), [-16] = ("mc_spawn", 3),
        [-17] = ("mc_thread_init", 0), [-18] = ("mc_kill", 2), [-19] = ("mc_join", 2),
        [0] = ("read", 3), [1] = ("write", 3), [2] = ("open", 3), [3] = ("close", 1), [5] = ("fstat", 2),
        [7] = ("poll", 3), [8] = ("lseek", 3), [9] = ("mmap", 6), [10] = ("mprotect", 3), [11] = ("munmap", 2),
        [16] = ("ioctl", 3), [17] = ("pread64", 4), [18] = ("pwrite64", 4), [19] = ("readv", 3), [20] = ("writev", 3),
        [24] = ("sched_yield", 0), [28] = ("madvise", 3), [32] = ("dup", 1), [33] = ("dup2", 2), [35] = ("nanosleep", 2),
        [39] = ("getpid", 0), [60] = ("exit", 1), [61] = ("wait4", 4), [62] = ("kill", 2), [63] = ("uname", 1), [72] = ("fcntl", 3), [74] = ("fsync", 1),
        [75] = ("fdatasync", 1), [77] = ("ftruncate", 2), [79] = ("getcwd", 2), [80] = ("chdir", 1),
        [96] = ("gettimeofday", 2), [102] = ("getuid", 0), [104] = ("getgid", 0), [107] = ("geteuid", 0),
        [108] = ("getegid", 0), [110] = ("getppid", 0), [202] = ("futex", 6), [217] = ("getdents64", 3),
        [228] = ("clock_gettime", 2), [230] = ("clock_nanosleep", 4), [231] = ("exit_group", 1), [257] = ("openat", 4),
        [258] = ("mkdirat", 3), [262] = ("newfstatat", 4), [263] = ("unlinkat", 3), [264] = ("renameat", 4),
        [267] = ("readlinkat", 4), [268] = ("fchmodat", 3), [269] = ("faccessat", 3), [280] = ("utimensat", 4),
        [292] = ("dup3", 3), [293] = ("pipe2", 2), [318] = ("getrandom", 3),
        [4] = ("stat", 2), [6] = ("lstat", 2), [21] = ("access", 2), [22] = ("pipe", 1), [25] = ("mremap", 5),
        [26] = ("msync", 3), [76] = ("truncate", 2), [81] = ("fchdir", 1), [82] = ("rename", 2), [83] = ("mkdir", 2),
        [84] = ("rmdir", 1), [86] = ("link", 2), [87] = ("unlink", 1), [88] = ("symlink", 2), [89] = ("readlink", 3),
        [90] = ("chmod", 2), [91] = ("fchmod", 2), [186] = ("gettid", 0), [201] = ("time", 1),
        [229] = ("clock_getres", 2), [265] = ("linkat", 5), [266] = ("symlinkat", 3), [439] = ("faccessat2", 4),
        [41] = ("socket", 3), [42] = ("connect", 3), [43] = ("accept", 3), [44] = ("sendto", 6), [45] = ("recvfrom", 6),
        [46] = ("sendmsg", 3), [47] = ("recvmsg", 3), [48] = ("shutdown", 2), [49] = ("bind", 3), [50] = ("listen", 2),
        [51] = ("getsockname", 3), [52] = ("getpeername", 3), [53] = ("socketpair", 4), [54] = ("setsockopt", 5),
        [55] = ("getsockopt", 5), [288] = ("accept4", 4),
        [73] = ("flock", 2), [92] = ("chown", 3), [93] = ("fchown", 3), [94] = ("lchown", 3), [95] = ("umask", 1),
        [97] = ("getrlimit", 2), [98] = ("getrusage", 2), [99] = ("sysinfo", 1), [105] = ("setuid", 1), [106] = ("setgid", 1),
        [109] = ("setpgid", 2), [111] = ("getpgrp", 0), [112] = ("setsid", 0), [113] = ("setreuid", 2), [114] = ("setregid", 2),
        [115] = ("getgroups", 2), [116] = ("setgroups", 2), [117] = ("setresuid", 3), [118] = ("getresuid", 3),
        [119] = ("setresgid", 3), [120] = ("getresgid", 3), [121] = ("getpgid", 1), [124] = ("getsid", 1), [133] = ("mknod", 3),
        [137] = ("statfs", 2), [138] = ("fstatfs", 2), [140] = ("getpriority", 2), [141] = ("setpriority", 3),
        [160] = ("setrlimit", 2), [162] = ("sync", 0), [204] = ("sched_getaffinity", 3), [221] = ("fadvise64", 4),
        [259] = ("mknodat", 4), [260] = ("fchownat", 5), [285] = ("fallocate", 4), [302] = ("prlimit64", 4), [309] = ("getcpu", 3),
        [4000] = ("mc_abi_version", 0), [4001] = ("mc_process_spawn", 4),
    };

    public static (string Name, int Arity) Describe(long number) =>
        Known.TryGetValue(number, out var known) ? known : ($"syscall_{number}", 4);
}
