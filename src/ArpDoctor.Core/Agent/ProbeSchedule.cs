namespace ArpDoctor.Core.Agent;

/// <summary>
/// When the next round starts: every <see cref="Interval"/>, moved by up to ±<see cref="Jitter"/> of it, so
/// the agents of a cluster (all started by one rollout) do not probe in lockstep. Within a round probes go
/// out at no more than <see cref="Rate"/> per second; a round that needs longer than the interval simply
/// takes longer (the rate budget wins over the schedule).
/// </summary>
public sealed class ProbeSchedule(TimeSpan interval, double jitter, int rate, Random random)
{
    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval));
    public double Jitter { get; } = jitter is >= 0 and < 1 ? jitter : throw new ArgumentOutOfRangeException(nameof(jitter));
    public int Rate { get; } = rate > 0 ? rate : throw new ArgumentOutOfRangeException(nameof(rate));

    /// <summary>The delay before the first round: a random fraction of one interval.</summary>
    public TimeSpan FirstDelay() => TimeSpan.FromTicks((long)(Interval.Ticks * Jitter * random.NextDouble()));

    /// <summary>Time from one round's start to the next round's start.</summary>
    public TimeSpan NextRound()
    {
        double factor = 1 + Jitter * (2 * random.NextDouble() - 1);
        return TimeSpan.FromTicks((long)(Interval.Ticks * factor));
    }

    /// <summary>How long sending <paramref name="targets"/> probes takes at the rate.</summary>
    public TimeSpan SendTime(int targets) => targets <= 1 ? TimeSpan.Zero : TimeSpan.FromTicks((long)((targets - 1) * (double)TimeSpan.TicksPerSecond / Rate));
}
