namespace ArpDoctor.Core.Probing;

/// <summary>
/// How many probes are due after some elapsed time at a fixed rate. Timers tick in milliseconds at
/// best, so the sender asks "how many by now" and sends them in a burst, which keeps the average rate
/// exact whatever the timer granularity; the first probe is due at once.
/// </summary>
public readonly struct RatePacer(int rate)
{
    public int Rate { get; } = rate > 0 ? rate : throw new ArgumentOutOfRangeException(nameof(rate), "must be positive");

    /// <summary>Probes that should have been sent <paramref name="elapsed"/> after the start, at most <paramref name="total"/>.</summary>
    public int Due(TimeSpan elapsed, int total)
    {
        if (elapsed < TimeSpan.Zero) return 0;
        double due = Math.Floor(elapsed.Ticks * (double)Rate / TimeSpan.TicksPerSecond) + 1;
        return due >= total ? total : (int)due;
    }

    /// <summary>When probe number <paramref name="index"/> (0-based) is due.</summary>
    public TimeSpan DueAt(int index) => TimeSpan.FromTicks((long)Math.Ceiling(index * (double)TimeSpan.TicksPerSecond / Rate));
}
