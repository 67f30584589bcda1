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

    /// <summary>
    /// The report of <paramref name="findings"/>, most severe first (in the order found within a severity). Each line of
    /// evidence is shown once, under the first finding that has it: the findings about one object share what was read.
    /// </summary>
    public static CheckReport Of(IEnumerable<Finding> findings, IReadOnlyList<ServiceAnnouncement> services)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        return new CheckReport(findings.OrderBy(f => f.Severity).Select(f => f with { Evidence = f.Evidence.Where(shown.Add).ToList() }).ToList(), services);
    }
}
