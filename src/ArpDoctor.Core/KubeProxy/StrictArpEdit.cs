namespace ArpDoctor.Core.KubeProxy;

public enum StrictArpEditKind
{
    /// <summary>strictARP already has the wanted value; nothing to write.</summary>
    Unchanged,
    /// <summary>The strictARP scalar was rewritten in place.</summary>
    ValueReplaced,
    /// <summary><c>strictARP: ...</c> was added to the existing <c>ipvs:</c> section.</summary>
    KeyInserted,
    /// <summary>An <c>ipvs:</c> section holding strictARP was added.</summary>
    SectionInserted,
    /// <summary>No safe edit: see <see cref="StrictArpEdit.Error"/>.</summary>
    Failed,
}

/// <summary>The result of <see cref="StrictArpEditor.Set"/>: the new text and the one splice that made it, or why not.</summary>
public sealed record StrictArpEdit(StrictArpEditKind Kind, string OldText, string NewText, TextEdit? Splice, string Error)
{
    public bool Changed => Kind is StrictArpEditKind.ValueReplaced or StrictArpEditKind.KeyInserted or StrictArpEditKind.SectionInserted;

    internal static StrictArpEdit Fail(string text, string error) => new(StrictArpEditKind.Failed, text, text, null, error);
    internal static StrictArpEdit Same(string text) => new(StrictArpEditKind.Unchanged, text, text, null, "");
}
