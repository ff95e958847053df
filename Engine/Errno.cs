namespace MmDsl.Engine;

/// <summary>The errno a system call returns (0 on success).</summary>
internal enum Errno
{
    Ok = 0,
    EPERM = 1,
    ENOENT = 2,
    EAGAIN = 11,
    ENOMEM = 12,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    EINVAL = 22,
    EFBIG = 27,
    ENOSPC = 28,
    ENOSYS = 38,
}

/// <summary>A value, or the errno that prevented it.</summary>
internal readonly record struct Result<T>(T Value, Errno Error, string? Detail = null)
{
    public bool Ok => Error == Errno.Ok;

    public static implicit operator Result<T>(T value) => new(value, Errno.Ok);

    public static Result<T> Fail(Errno error, string? detail = null) => new(default!, error, detail);
}
