using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Fixing;

/// <summary>Where a DaemonSet rollout stands, as <c>kubectl rollout status</c> judges it.</summary>
public sealed record RolloutProgress(long Generation, long ObservedGeneration, int Desired, int Updated, int Available)
{
    /// <summary>The controller saw the new template, and every scheduled pod is updated and available.</summary>
    public bool Complete => ObservedGeneration >= Generation && Updated >= Desired && Available >= Desired;

    public static RolloutProgress Of(DaemonSetSnapshot d) =>
        new(d.Generation, d.ObservedGeneration, d.DesiredNumberScheduled, d.UpdatedNumberScheduled, d.NumberAvailable);
}

public enum RolloutOutcome { Complete, TimedOut, Missing }

/// <summary>Polls a DaemonSet until its rollout completes or the timeout passes; time comes from <see cref="TimeProvider"/>.</summary>
public static class RolloutWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task<(RolloutOutcome Outcome, RolloutProgress? Last)> WaitAsync(
        IClusterApi api, string ns, string name, TimeSpan timeout, TimeProvider time, Action<RolloutProgress> report,
        CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var started = time.GetTimestamp();
        RolloutProgress? last = null;
        while (true)
        {
            var ds = await api.GetDaemonSetAsync(ns, name, ct).ConfigureAwait(false);
            if (ds is null) return (RolloutOutcome.Missing, last);
            last = RolloutProgress.Of(ds);
            report(last);
            if (last.Complete) return (RolloutOutcome.Complete, last);
            if (time.GetElapsedTime(started) >= timeout) return (RolloutOutcome.TimedOut, last);
            await Task.Delay(pollInterval ?? PollInterval, time, ct).ConfigureAwait(false);
        }
    }
}
