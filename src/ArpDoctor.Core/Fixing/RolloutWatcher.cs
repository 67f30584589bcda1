using System.Runtime.CompilerServices;
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

public enum RolloutOutcome
{
    /// <summary>Not complete yet; another look follows.</summary>
    InProgress,
    Complete,
    TimedOut,
    Missing,
}

/// <summary>One look at a rollout: where it stands (<c>null</c> when the DaemonSet is gone) and whether the watch ends here.</summary>
public sealed record RolloutLook(RolloutOutcome Outcome, RolloutProgress? Progress);

/// <summary>Polls a DaemonSet until its rollout completes or the timeout passes; time comes from <see cref="TimeProvider"/>.</summary>
public static class RolloutWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Each look at the DaemonSet, in order; the last one's <see cref="RolloutLook.Outcome"/> is not
    /// <see cref="RolloutOutcome.InProgress"/> (a <see cref="RolloutOutcome.Missing"/> look carries the progress seen before).
    /// </summary>
    public static async IAsyncEnumerable<RolloutLook> WatchAsync(
        IClusterApi api, string ns, string name, TimeSpan timeout, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct, TimeSpan? pollInterval = null)
    {
        var started = time.GetTimestamp();
        RolloutProgress? last = null;
        while (true)
        {
            var ds = await api.GetDaemonSetAsync(ns, name, ct).ConfigureAwait(false);
            if (ds is null)
            {
                yield return new RolloutLook(RolloutOutcome.Missing, last);
                yield break;
            }
            last = RolloutProgress.Of(ds);
            var outcome = last.Complete ? RolloutOutcome.Complete : time.GetElapsedTime(started) >= timeout ? RolloutOutcome.TimedOut : RolloutOutcome.InProgress;
            yield return new RolloutLook(outcome, last);
            if (outcome != RolloutOutcome.InProgress) yield break;
            await Task.Delay(pollInterval ?? PollInterval, time, ct).ConfigureAwait(false);
        }
    }
}
