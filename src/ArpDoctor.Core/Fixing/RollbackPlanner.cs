using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.KubeProxy;

namespace ArpDoctor.Core.Fixing;

/// <summary>What to write for one version of a ConfigMap: new data, or why not.</summary>
/// <param name="NothingToDo">The version already is as wanted.</param>
/// <param name="Message">Why nothing is written, or a note on what is written.</param>
public readonly record struct Recomputed(IReadOnlyDictionary<string, string>? Data, string? NewText, bool NothingToDo, string Message)
{
    /// <summary>The write for <paramref name="step"/> (<see cref="FixPlanner.Replan"/> as it stands on <paramref name="current"/>).</summary>
    public static Recomputed Of(FixStep step, ConfigMapSnapshot current) => step.Kind switch
    {
        FixStepKind.Edit => new Recomputed(step.DataFor(current), step.Edit!.NewText, false, ""),
        FixStepKind.NothingToDo => new Recomputed(null, null, true, step.Message),
        _ => new Recomputed(null, null, false, step.Message),
    };
}

/// <summary>Decides what <c>fix --rollback</c> writes back from a backup to one version of the ConfigMap. Pure.</summary>
public static class RollbackPlanner
{
    /// <param name="saved">The backed-up file text at <paramref name="key"/>.</param>
    /// <param name="savedConfig">It, parsed.</param>
    public static Recomputed Compute(ConfigMapSnapshot current, string key, string saved, KubeProxyConfig savedConfig)
    {
        var now = current.Get(key) ?? "";
        if (now == saved) return new Recomputed(null, null, true, $"{key} of {current.Namespace}/{current.Name} already matches the backup: nothing to do");
        // Unchanged since the fix: restore the backup byte for byte.
        if (StrictArpEditor.Set(saved, true) is { Changed: true } fixedUp && fixedUp.NewText == now)
            return new Recomputed(With(current, key, saved), saved, false, "");
        // Changed since for another reason: set strictARP back only, keeping that change.
        var edit = StrictArpEditor.Set(now, savedConfig.EffectiveStrictArp);
        return edit.Kind switch
        {
            StrictArpEditKind.Unchanged => new Recomputed(null, null, true,
                $"{key} changed since the backup, and strictARP is already {(savedConfig.EffectiveStrictArp ? "true" : "false")}: nothing to do"),
            StrictArpEditKind.Failed => new Recomputed(null, null, false, $"{key} changed since the backup and cannot be edited safely: {edit.Error}"),
            _ => new Recomputed(With(current, key, edit.NewText), edit.NewText, false,
                $"{key} changed since the backup for another reason; only strictARP is set back, keeping that change."),
        };
    }

    private static IReadOnlyDictionary<string, string> With(ConfigMapSnapshot cm, string key, string text) =>
        new Dictionary<string, string>(cm.Data) { [key] = text };
}
