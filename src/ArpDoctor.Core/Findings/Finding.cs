namespace ArpDoctor.Core.Findings;

/// <summary>How much a finding matters. The words users see are <c>critical</c>, <c>warning</c>, <c>info</c>.</summary>
public enum Severity
{
    /// <summary>Something must change: VIPs are (or will be) answered by more than one node.</summary>
    Critical,
    /// <summary>Worth acting on, but nothing is broken by it now.</summary>
    Warning,
    Info,
}

/// <summary>One fact <c>arpdoctor check</c> reports.</summary>
/// <param name="Id">Stable identifier, e.g. <c>strict-arp-off</c>; scripts match on it.</param>
/// <param name="Evidence">What was read that shows it, one item each (object, field, value).</param>
/// <param name="Remediation">What to do; <c>null</c> when nothing.</param>
public sealed record Finding(string Id, Severity Severity, string Summary, IReadOnlyList<string> Evidence, string? Remediation)
{
    /// <summary>
    /// A fact that decides the verdict could not be read (a host-service kube-proxy, a file the API does not show):
    /// without a critical finding, the run cannot say that nothing must change.
    /// </summary>
    public bool Unknown { get; init; }
}

public static class Severities
{
    public static string ToWord(this Severity s) => s switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };
}
