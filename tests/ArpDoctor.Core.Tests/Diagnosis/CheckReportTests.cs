using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Findings;
using Xunit;

namespace ArpDoctor.Core.Tests.Diagnosis;

public sealed class CheckReportTests
{
    [Fact]
    public void Findings_come_most_severe_first_and_each_evidence_line_once_under_the_first_that_has_it()
    {
        var report = CheckReport.Of(
        [
            new Finding("kube-proxy-mode", Severity.Info, "ipvs", ["configmap mode: ipvs", "configmap strictARP: false"], null),
            new Finding("strict-arp-off", Severity.Critical, "off", ["configmap mode: ipvs", "configmap strictARP: false"], "fix"),
            new Finding("kube-proxy-manager", Severity.Info, "kubeadm", ["configmap strictARP: false", "no platform markers"], null),
        ], []);
        Assert.Equal(["strict-arp-off", "kube-proxy-mode", "kube-proxy-manager"], report.Findings.Select(f => f.Id));
        Assert.Equal([["configmap mode: ipvs", "configmap strictARP: false"], [], ["no platform markers"]], report.Findings.Select(f => f.Evidence.ToArray()));
    }
}
