namespace Monitoring.Api.Data;

/// <summary>
/// Why the store cannot take a write now, as operators and clients are told: <see cref="Code"/> names the
/// cause in the problem's <c>type</c> and in the log; <see cref="Lasting"/> faults (disk full, read-only,
/// I/O) stay until something outside the service changes, so writes are refused at once until a probe succeeds.
/// </summary>
public sealed record StoreFault(string Code, string Title, string Remedy, bool Lasting)
{
    public static readonly StoreFault DiskFull = new("store-disk-full", "The database's disk is full.", "free space on the database's disk", Lasting: true);
    public static readonly StoreFault ReadOnly = new("store-read-only", "The database cannot be written: it is read-only.", "make the database and its folder writable (a filesystem remounted read-only after an error needs checking)", Lasting: true);
    public static readonly StoreFault IoError = new("store-io-error", "The database's disk reported an I/O error.", "check the disk and the filesystem (kernel log)", Lasting: true);
    public static readonly StoreFault Busy = new("store-busy", "The database did not take the write in time.", "another process may hold the database's write lock; find and stop it", Lasting: false);
    public static readonly StoreFault Unavailable = new("store-unavailable", "The database is not answering.", "check the database server and the network to it", Lasting: false);

    /// <summary>The problem type URI of this cause.</summary>
    public string ProblemType => $"urn:monitoring:problem:{Code}";
}
