using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Observations;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// The registered readers of pasted tool output, end to end through the registry: lab goldens (forms/make-forms.sh) and
/// real pastes (sources in their headers).
/// </summary>
public sealed class PastedToolReadersTests
{
    private static readonly MacAddress[] Nodes = [TestSupport.Node1, TestSupport.Node2, TestSupport.Node3];

    private sealed class Warnings : IObservationSink
    {
        public readonly List<string> Said = [];
        public void Add(Observation observation) => throw new InvalidOperationException("readers yield observations; they do not add them here");
        public void Warn(string warning, Ipv4Address? vip = null) => Said.Add(warning);
    }

    private static (EvidenceKind Kind, List<Observation> Observations, List<string> Warnings, EvidenceError? Error) Read(string text)
    {
        var (source, error) = TextEvidenceReader.Open(new StringReader(text), EvidenceOptions.Default);
        Assert.Null(error);
        var warnings = new Warnings();
        var observations = source!.Read(warnings).ToList();
        return (source.Kind, observations, warnings.Said, source.Reading!.Error);
    }

    private static string Paste(string name) => File.ReadAllText(RealPasteFiles.Path(name));

    [Theory]
    [InlineData("tcpdump-n-t.txt")]
    [InlineData("tcpdump-n-ttt.txt")]
    [InlineData("tcpdump-n-ttttt.txt")]
    public void Tcpdump_without_a_clock_or_with_relative_stamps_is_read(string file)
    {
        // Before: "not recognised" (exit 2).
        var (report, kind, error) = TestSupport.Analyse(TestSupport.Golden($"forms/{file}"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tcpdump, kind);
        // 203.0.113.99, only ever asked for, is not a VIP of this evidence (as in every capture).
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal(Nodes, vip.Responders.Select(r => r.Mac).Order());
        if (file != "tcpdump-n-t.txt")
        {
            var (plain, _, _) = TestSupport.Analyse(TestSupport.Golden("forms/tcpdump-n.txt"));
            Assert.Equal((plain.Vips[0].ProbesSent, plain.Vips[0].Replies), (vip.ProbesSent, vip.Replies));
        }
    }

    [Fact]
    public void A_reply_with_a_mistyped_MAC_is_an_error_with_its_line_not_a_responder_dropped_in_silence()
    {
        // kube-vip#788 as posted: before, the second reply was skipped and one MAC was left.
        var (_, _, _, error) = Read(Paste("05-kube-vip-conflicting-arp-tcpdump.txt"));
        Assert.Equal(RealPasteFiles.LineOf("05-kube-vip-conflicting-arp-tcpdump.txt", "12:3z"), error!.LineNumber);
        Assert.Contains("'42:92:ad:23:12:3z' is not a MAC address", error.Message);
    }

    [Theory]
    [InlineData("13-metallb-wrong-nic-arp-a-redacted.txt", "(10.139.0.149)")]
    [InlineData("14-metallb-hetzner-tcpdump-redacted.txt", "23:35:08.758405")]
    [InlineData("21-macos-arp-a-partly-redacted.txt", "(100.68.0.2)")]
    [InlineData("03-freenas-moved-redacted.txt", "x.x.x.x")]
    public void Redacted_evidence_is_an_error_that_says_why(string file, string offending)
    {
        long line = RealPasteFiles.LineOf(file, offending);
        // Before: "not recognised" (or the line skipped) without a word about the hidden MACs.
        var (source, openError) = TextEvidenceReader.Open(new StringReader(Paste(file)), EvidenceOptions.Default);
        var error = openError ?? Drain(source!);
        Assert.Equal(line, error!.LineNumber);
        Assert.Contains("redacted", error.Message);
    }

    private static EvidenceError? Drain(EvidenceSource source)
    {
        foreach (var _ in source.Read(new Warnings())) { }
        return source.Reading!.Error;
    }

    [Fact]
    public void Tshark_reads_as_the_conflict_it_shows_and_passes_on_Wireshark_s_note()
    {
        var (report, kind, error) = TestSupport.Analyse(TestSupport.Golden("forms/tshark.txt"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tshark, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal(Verdict.Conflict, vip.Verdict);
        Assert.Equal(Nodes, vip.Responders.Select(r => r.Mac).Order());
        Assert.Contains(vip.Warnings, w => w.Contains("Wireshark detected duplicate use of 203.0.113.10", StringComparison.Ordinal));
    }

    [Fact]
    public void An_expert_summary_alone_is_never_healthy()
    {
        var (report, kind, error) = TestSupport.Analyse(TestSupport.Golden("forms/tshark-expert.txt"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.Tshark, kind);
        Assert.DoesNotContain(report.Vips, v => v.Verdict == Verdict.Healthy);
        Assert.Contains(report.Vips.SelectMany(v => v.Warnings).Concat(report.Warnings), w => w.Contains("duplicate use of 203.0.113.10", StringComparison.Ordinal));
    }

    [Fact]
    public void Arp_n_is_read_and_a_static_entry_is_not_taken_for_an_answer()
    {
        var (kind, observations, warnings, error) = Read(TestSupport.Golden("forms/arp-n.txt"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpTable, kind);
        var rounds = observations.OfType<Round>().ToList();
        Assert.All(rounds, r => Assert.Equal(RoundSource.Cache, r.Source));
        Assert.Equal(["203.0.113.10", "203.0.113.99"], rounds.Select(r => r.Vip.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(TestSupport.Node3, rounds.Single(r => r.Vip == TestSupport.Vip).Winner);
        Assert.Contains(warnings, w => w.Contains("203.0.113.12 is a static entry", StringComparison.Ordinal));
    }

    [Fact]
    public void A_FreeBSD_flip_flop_is_a_winner_changing_back_and_forth()
    {
        var (kind, observations, _, error) = Read(Paste("01-freebsd-moved-flip-flop.txt"));
        Assert.Null(error);
        Assert.Equal(EvidenceKind.BsdKernelArp, kind);
        var winners = observations.OfType<Round>().Select(r => r.Winner!.Value.ToString()).ToList();
        Assert.Equal(8, winners.Count);   // the MAC before the first move, then each move's new one
        Assert.Equal(["78:ca:39:fe:d6:b3", "14:99:e2:27:0f:48", "78:ca:39:fe:d6:b3"], winners.Take(3));
        var (report, _, _) = TestSupport.Analyse(Paste("01-freebsd-moved-flip-flop.txt"));
        Assert.NotEqual(Verdict.Healthy, Assert.Single(report.Vips).Verdict);
    }
}
