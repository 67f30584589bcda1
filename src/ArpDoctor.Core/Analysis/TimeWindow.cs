namespace ArpDoctor.Core.Analysis;

/// <summary><c>--since</c> / <c>--until</c>: the stretch of time whose evidence counts; either end may be open.</summary>
public readonly record struct TimeWindow(DateTimeOffset? Since, DateTimeOffset? Until)
{
    public bool IsOpen => Since is null && Until is null;

    public bool Contains(DateTimeOffset time) => (Since is not { } s || time >= s) && (Until is not { } u || time <= u);
}
