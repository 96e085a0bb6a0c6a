namespace Monitoring.Api.Data;

/// <summary>
/// The breaker in front of writes. It opens only on a lasting fault (disk full, read-only, I/O error), and
/// then lets one write at a time through as a probe (half-open) while the others are answered 503 at once;
/// the first write or readiness probe that succeeds closes it. There is no fixed break window, so a store
/// that has recovered is never refused, and a lock or a slow commit never opens it.
/// </summary>
public sealed class StoreHealth
{
    private StoreFault? _fault;
    private int _probing;

    /// <summary>The lasting fault seen on the last write, or null while writes succeed.</summary>
    public StoreFault? Fault => Volatile.Read(ref _fault);

    /// <summary>Null when the write may go ahead (healthy, or this write is the probe); else the fault to answer with.</summary>
    public StoreFault? TryEnter(out bool probe)
    {
        probe = false;
        var fault = Fault;
        if (fault is null)
        {
            return null;
        }
        probe = Interlocked.CompareExchange(ref _probing, 1, 0) == 0;
        return probe ? null : fault;
    }

    public void Leave(bool probe)
    {
        if (probe)
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    public void Succeeded() => Volatile.Write(ref _fault, null);

    public void Failed(StoreFault fault)
    {
        if (fault.Lasting)
        {
            Volatile.Write(ref _fault, fault);
        }
    }
}
