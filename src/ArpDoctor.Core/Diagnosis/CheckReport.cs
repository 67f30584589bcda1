using ArpDoctor.Core.Findings;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>What <c>arpdoctor check</c> reports.</summary>
public sealed record CheckReport(IReadOnlyList<Finding> Findings, IReadOnlyList<ServiceAnnouncement> Services)
{
    /// <summary>Something must change (exit 1): at least one critical finding.</summary>
    public bool MustChange => Findings.Any(f => f.Severity == Severity.Critical);
}
