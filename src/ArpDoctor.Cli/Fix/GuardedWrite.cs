using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Fixing;

namespace ArpDoctor.Cli.Fix;

internal enum GuardedWriteKind
{
    Written,
    /// <summary>After a conflict, the re-read object needed no change any more (someone else made it).</summary>
    NoLongerNeeded,
    /// <summary>After a conflict, the re-read object could not be changed (see the message).</summary>
    Stopped,
    /// <summary>Every attempt met a conflict.</summary>
    GaveUp,
    /// <summary>The object was deleted between attempts.</summary>
    Vanished,
}

/// <param name="Written">The version that was replaced (backed up before), when written.</param>
/// <param name="Conflicts">409s met on the way.</param>
/// <param name="Backup">The backup of the last version that a write was sent for.</param>
internal sealed record GuardedWriteResult(GuardedWriteKind Kind, ConfigMapSnapshot? Written, int Conflicts, string Message, string? Backup);

/// <summary>
/// Writes a ConfigMap under optimistic concurrency: every write carries the resourceVersion its data was
/// computed from; a 409 means someone else wrote, so re-read, recompute from their version (with Core's pure
/// planners), and try again (bounded). Their change is never overwritten, because ours is always re-applied on top
/// of it. Each version is backed up just before the write that would replace it.
/// </summary>
internal sealed class GuardedWrite(IClusterApi api, Func<ConfigMapSnapshot, string> backup, Action<ConfigMapSnapshot> conflict)
{
    public const int DefaultAttempts = 5;

    /// <summary>The backup of the version a write was last sent for; set before the write, so a failure after it still names it.</summary>
    public string? Backup { get; private set; }

    public async Task<GuardedWriteResult> RunAsync(ConfigMapSnapshot first, Func<ConfigMapSnapshot, Recomputed> compute, CancellationToken ct, int attempts = DefaultAttempts)
    {
        var current = first;
        int conflicts = 0;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            var next = compute(current);
            if (next.NothingToDo) return new GuardedWriteResult(GuardedWriteKind.NoLongerNeeded, null, conflicts, next.Message, Backup);
            if (next.Data is null) return new GuardedWriteResult(GuardedWriteKind.Stopped, null, conflicts, next.Message, Backup);
            Backup = backup(current);
            if (await api.PatchConfigMapDataAsync(current, next.Data, ct).ConfigureAwait(false) == WriteOutcome.Written)
                return new GuardedWriteResult(GuardedWriteKind.Written, current, conflicts, "", Backup);
            conflicts++;
            var reread = await api.GetConfigMapAsync(current.Namespace, current.Name, ct).ConfigureAwait(false);
            if (reread is null)
                return new GuardedWriteResult(GuardedWriteKind.Vanished, null, conflicts, $"configmap {current.Namespace}/{current.Name} was deleted meanwhile", Backup);
            conflict(reread);
            current = reread;
        }
        return new GuardedWriteResult(GuardedWriteKind.GaveUp, null, conflicts,
            $"configmap {first.Namespace}/{first.Name} changed under every one of {attempts} attempts; try again when the other writer is done", Backup);
    }
}
