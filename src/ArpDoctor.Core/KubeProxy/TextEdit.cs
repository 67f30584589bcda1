namespace ArpDoctor.Core.KubeProxy;

/// <summary>One splice of a text: remove <see cref="RemovedLength"/> characters at <see cref="Start"/>, insert <see cref="Inserted"/>.</summary>
public readonly record struct TextEdit(int Start, int RemovedLength, string Inserted)
{
    public string ApplyTo(string text) => string.Concat(text.AsSpan(0, Start), Inserted, text.AsSpan(Start + RemovedLength));
}
