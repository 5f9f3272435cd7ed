namespace Microcosm.Syscalls;

/// <summary>Linux x86-64 errno values: the target ABI's. Handlers return them negated.</summary>
public static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, ENOMEM = 12,
        EACCES = 13, EFAULT = 14, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28,
        EDEADLK = 35, ENAMETOOLONG = 36, ENOSYS = 38;

    public static string? Name(long value) => value switch
    {
        EPERM => "EPERM", ENOENT => "ENOENT", ESRCH => "ESRCH", EINTR => "EINTR", EIO => "EIO", EBADF => "EBADF",
        EAGAIN => "EAGAIN", ENOMEM => "ENOMEM", EACCES => "EACCES", EFAULT => "EFAULT", EEXIST => "EEXIST",
        ENOTDIR => "ENOTDIR", EISDIR => "EISDIR", EINVAL => "EINVAL", ENOSPC => "ENOSPC", EDEADLK => "EDEADLK",
        ENAMETOOLONG => "ENAMETOOLONG", ENOSYS => "ENOSYS", _ => null,
    };
}
