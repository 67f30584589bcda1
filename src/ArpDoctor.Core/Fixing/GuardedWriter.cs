using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Core.Fixing;

public enum GuardedWriteKind
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
public sealed record GuardedWriteResult(GuardedWriteKind Kind, ConfigMapSnapshot? Written, string? NewText, int Conflicts, string Message);

/// <summary>What to write for one version of the ConfigMap: new data, or why not.</summary>
public readonly record struct Recomputed(IReadOnlyDictionary<string, string>? Data, string? NewText, bool NothingToDo, string Message);

/// <summary>
/// Writes a ConfigMap under optimistic concurrency: every write carries the resourceVersion its data was
/// computed from; a 409 means someone else wrote, so re-read, recompute from their version, and try again
/// (bounded). Their change is never overwritten, because ours is always re-applied on top of it.
/// </summary>
public static class GuardedWriter
{
    public const int DefaultAttempts = 5;

    /// <param name="beforeWrite">Called with each version just before it is replaced (the backup).</param>
    /// <param name="onConflict">Told about each conflict and the version re-read after it.</param>
    public static async Task<GuardedWriteResult> WriteAsync(
        IClusterApi api,
        ConfigMapSnapshot first,
        Func<ConfigMapSnapshot, Recomputed> compute,
        Func<ConfigMapSnapshot, CancellationToken, Task> beforeWrite,
        Action<ConfigMapSnapshot>? onConflict,
        CancellationToken ct,
        int attempts = DefaultAttempts)
    {
        var current = first;
        int conflicts = 0;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            var next = compute(current);
            if (next.NothingToDo) return new GuardedWriteResult(GuardedWriteKind.NoLongerNeeded, null, null, conflicts, next.Message);
            if (next.Data is null) return new GuardedWriteResult(GuardedWriteKind.Stopped, null, null, conflicts, next.Message);
            await beforeWrite(current, ct).ConfigureAwait(false);
            if (await api.PatchConfigMapDataAsync(current, next.Data, ct).ConfigureAwait(false) == WriteOutcome.Written)
                return new GuardedWriteResult(GuardedWriteKind.Written, current, next.NewText, conflicts, "");
            conflicts++;
            var reread = await api.GetConfigMapAsync(current.Namespace, current.Name, ct).ConfigureAwait(false);
            if (reread is null)
                return new GuardedWriteResult(GuardedWriteKind.Vanished, null, null, conflicts, $"configmap {current.Namespace}/{current.Name} was deleted meanwhile");
            onConflict?.Invoke(reread);
            current = reread;
        }
        return new GuardedWriteResult(GuardedWriteKind.GaveUp, null, null, conflicts,
            $"configmap {first.Namespace}/{first.Name} changed under every one of {attempts} attempts; try again when the other writer is done");
    }
}
