namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Text evidence that can be opened again from its first byte (a file; not a pipe or standard input), decoded as the
/// first time. A file whose clock goes back is read once to find its runs and again for each run
/// (<see cref="SourceMerge"/>), so it is never held in memory.
/// </summary>
public interface IRereadableText
{
    /// <summary>The text from its first character; the caller disposes it.</summary>
    TextReader Open();
}
