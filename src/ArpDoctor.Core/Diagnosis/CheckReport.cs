using ArpDoctor.Core.Findings;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>What <c>arpdoctor check</c> reports.</summary>
public sealed record CheckReport(IReadOnlyList<Finding> Findings, IReadOnlyList<ServiceAnnouncement> Services)
{
    /// <summary>Something must change (exit 1): at least one critical finding.</summary>
    public bool MustChange => Findings.Any(f => f.Severity == Severity.Critical);

    /// <summary>Nothing critical was found, but a deciding fact is unknown (see <see cref="Finding.Unknown"/>): not healthy, not broken.</summary>
    public bool CannotTell => !MustChange && Findings.Any(f => f.Unknown);

    /// <summary>The verdict in one word for scripts: <c>must-change</c>, <c>cannot-tell</c>, <c>nothing-must-change</c>.</summary>
    public string Verdict => MustChange ? "must-change" : CannotTell ? "cannot-tell" : "nothing-must-change";
}
