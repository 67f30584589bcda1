using System.Text.Json;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>
/// ArpDoctor's own JSON read back. The golden files are real output of this project's <c>arpdoctor probe -c 3 -o json</c>
/// and <c>arpdoctor scan 203.0.113.10-203.0.113.12 -o json</c> in the client namespace of a 3-node lab (client 192.0.2.2,
/// VIP 203.0.113.10): arpdoctor-probe.json and arpdoctor-scan.json with all three nodes answering; arpdoctor-probe-loop.txt
/// a loop of <c>date</c> and a probe through failovers 1 -> 2 -> 1 -> 3 -> 2, strictARP everywhere, and all nodes answering.
/// </summary>
public sealed class ArpDoctorJsonTests
{
    [Fact]
    public void A_probe_document_is_read_as_the_probes_it_reports()
    {
        var text = Golden("arpdoctor-probe.json");
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        var vip = Assert.Single(report.Vips);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("vip").GetString(), vip.Vip.ToString());
        Assert.Equal(root.GetProperty("verdict").GetString(), vip.Verdict.ToWord());
        Assert.Equal(root.GetProperty("probesSent").GetInt64(), vip.ProbesSent);
        Assert.Equal(root.GetProperty("replies").GetArrayLength(), vip.Replies);
        // The probe's own summary of each MAC is what analyze makes of its replies.
        var expected = root.GetProperty("responders").EnumerateArray()
            .Select(r => (r.GetProperty("mac").GetString()!, r.GetProperty("replies").GetInt64(), r.GetProperty("wins").GetInt64()))
            .OrderBy(r => r.Item1).ToList();
        Assert.Equal(expected, vip.Responders.Select(r => (r.Mac.ToString(), r.Replies, r.Wins)).OrderBy(r => r.Item1).ToList());
    }

    [Fact]
    public void A_scan_document_is_one_probe_per_VIP_answered_in_the_order_listed()
    {
        var text = Golden("arpdoctor-scan.json");
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        using var json = JsonDocument.Parse(text);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(results.Count, report.Vips.Count);
        foreach (var result in results)
        {
            var vip = report.Vips.Single(v => v.Vip.ToString() == result.GetProperty("vip").GetString());
            Assert.Equal(result.GetProperty("verdict").GetString(), vip.Verdict.ToWord());
            Assert.Equal(1, vip.ProbesSent);
            var macs = result.GetProperty("responders").EnumerateArray().Select(r => r.GetProperty("mac").GetString()).ToList();
            Assert.Equal(macs.Order(), vip.Responders.Select(r => r.Mac.ToString()).Order());
            if (macs.Count > 0) Assert.Equal(macs[0], vip.Responders.Single(r => r.Wins == 1).Mac.ToString());
        }
        Assert.Equal(Verdict.Conflict, report.Vips.Single(v => v.Vip == Vip).Verdict);
    }

    [Fact]
    public void A_loop_of_dated_probes_adds_up_and_each_probe_takes_its_time_from_the_stamp_before_it()
    {
        var text = Golden("arpdoctor-probe-loop.txt");
        var (report, kind, error) = Analyse(text);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        var vip = Assert.Single(report.Vips);
        var documents = text.Split('\n').Count(l => l == "{");
        Assert.Equal(7, documents);
        Assert.Equal(3 * documents, vip.ProbesSent);
        Assert.Equal(text.Split('\n').Count(l => l.TrimStart().StartsWith("\"probe\":", StringComparison.Ordinal)), vip.Replies);
        Assert.Equal(3, vip.Responders.Count);
        Assert.Equal(Verdict.Conflict, vip.Verdict);   // probes in a loop are not a time series, as arping loops are not
        var first = DateTimeOffset.Parse("2026-11-30T12:13:15Z", System.Globalization.CultureInfo.InvariantCulture);
        var node1 = vip.Responders.Single(r => r.Mac == MacAddress.Parse("b6:56:f5:11:4c:40"));
        // First reply: the stamp plus its round trip (well under a millisecond on a bridge).
        Assert.InRange(node1.FirstSeen!.Value - first, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void One_line_documents_with_probes_nobody_answered_count_those_probes()
    {
        var text = """{"vip":"203.0.113.10","interface":"eth0","probesSent":4,"replies":[{"probe":2,"mac":"02:00:00:00:01:01","rttMs":0.1},{"probe":2,"mac":"02:00:00:00:01:02","rttMs":0.2}],"responders":[],"verdict":"conflict"}""";
        var (report, kind, error) = Analyse(text + "\n" + text + "\n");
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        var vip = Assert.Single(report.Vips);
        Assert.Equal((8L, 2L, 4L), (vip.ProbesSent, vip.ProbesAnswered, vip.Replies));
    }

    [Theory]
    [InlineData("{\n  \"vip\": \"203.0.113.10\",\n  \"probesSent\": 1,\n  \"replies\": [ { \"probe\": 1, \"mac\": \"02:00:00:00:01\", \"rttMs\": 0.1 } ]\n}\n", 4, "'mac' is not a MAC")]
    [InlineData("{\n  \"vip\": \"203.0.113.10\",\n  \"probesSent\": 1,\n  \"replies\": [ { \"probe\": 2, \"mac\": \"02:00:00:00:01:01\", \"rttMs\": 0.1 } ]\n}\n", 5, "probe 2 of 1")]
    [InlineData("{\n  \"vip\": \"203.0.113.10\",\n  \"probesSent\": 1,\n  \"replies\": [ { \"probe\": 1 ]\n}\n", 4, "not valid JSON")]
    [InlineData("{\n  \"name\": \"x\",\n  \"probesSent\": 1\n}\n", 4, "neither")]
    [InlineData("{\n  \"vip\": \"203.0.113.10\",\n  \"probesSent\": 1,\n  \"replies\": [\n    { \"probe\": \"1\", \"mac\": \"02:00:00:00:01:01\", \"rttMs\": 0.1 }\n  ]\n}\n", 5, "'probe' holds a value of the wrong kind (at replies[0].probe)")]
    [InlineData("{\n  \"vip\": \"203.0.113.10\",\n  \"probesSent\": 1,\n  \"verdict\": \"Healthy\"\n}\n", 4, "'verdict' is not a verdict (healthy, conflict, no-answer, unstable, no-evidence, inconclusive)")]
    [InlineData("{ \"vip\": \"203.0.113.10\", \"probesSent\": 1 }\n{\n  \"vip\": \"203.0.113.10\",\n  \"replies\": []\n}\n", 5, "a probe document without 'probesSent'")]
    [InlineData("{\n  \"results\": [ { \"vip\": \"203.0.113.300\" } ],\n  \"probesSent\": 1\n}\n", 2, "'vip' is not an IPv4 address (at results[0].vip)")]
    [InlineData("{ \"vip\": \"203.0.113.10\", \"probesSent\": 1 } x\n", 1, "text after the end")]
    public void A_document_that_cannot_be_read_is_an_error_naming_its_line(string text, int line, string why)
    {
        var (_, kind, error) = Analyse(text);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        Assert.NotNull(error);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Text_that_ends_inside_a_document_is_an_error()
    {
        var text = Golden("arpdoctor-probe.json");
        var (_, _, error) = Analyse(text[..(text.LastIndexOf('\n', text.Length / 2) + 1)]);   // cut after a whole line
        Assert.NotNull(error);
        Assert.True(error.Message.Contains("ends inside a JSON document", StringComparison.Ordinal), error.ToString());
    }

    /// <summary>A scan document of 200 000 results (203.0.113.1-254 over and over, about 23 MB), produced a line at a time.</summary>
    private sealed class LargeScan(int vips) : TextReader
    {
        private int _line = -1;
        private string _pending = "";
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_at == _pending.Length)
            {
                if (NextLine() is not { } line) return 0;
                _pending = line + "\n";
                _at = 0;
            }
            int n = Math.Min(count, _pending.Length - _at);
            _pending.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }

        private string? NextLine()
        {
            _line++;
            if (_line == 0) return "{";
            if (_line == 1) return "  \"results\": [";
            int vip = _line - 2;
            if (vip < vips)
                return $"    {{ \"vip\": \"203.0.113.{1 + vip % 254}\", \"responders\": [ {{ \"mac\": \"02:00:00:00:01:01\", \"replies\": 1 }} ], \"verdict\": \"healthy\" }}" + (vip < vips - 1 ? "," : "");
            return (_line - 2 - vips) switch
            {
                0 => "  ],",
                1 => $"  \"interface\": \"eth0\", \"probesSent\": {vips}, \"replies\": {vips}",
                2 => "}",
                _ => null,
            };
        }

    }

    [Fact]
    public void A_scan_larger_than_any_real_scan_is_read_within_the_document_bound()
    {
        var analysis = new ArpDoctor.Core.Analysis.EvidenceAnalysis();
        var (kind, error) = TextEvidenceReader.Read(new LargeScan(200_000), analysis);
        Assert.Null(error);
        Assert.Equal(EvidenceKind.ArpDoctorJson, kind);
        var report = analysis.ToReport(Firewall);
        Assert.Equal(254, report.Vips.Count);
        Assert.Equal(200_000, report.Vips.Sum(v => v.ProbesSent));
        Assert.All(report.Vips, v => Assert.Equal(Verdict.Healthy, v.Verdict));
    }

    [Fact]
    public void A_document_past_the_bound_is_an_error_on_the_line_that_passes_it_not_a_growing_heap()
    {
        var reader = new ArpDoctorJsonReader(maxDocumentBytes: 1 << 20);
        var rounds = reader.Read(new LargeScan(200_000)).Count();
        Assert.Equal(0, rounds);
        Assert.NotNull(reader.Error);
        Assert.Equal("a JSON document larger than 1 MiB, more than any probe or scan writes", reader.Error.Message);
        // Each result line is about 115 bytes: the bound is passed some 9 000 lines in.
        Assert.InRange(reader.Error.LineNumber!.Value, 8_000L, 10_000L);
    }

    [Fact]
    public void The_reader_yields_one_round_per_probe_dated_from_the_stamp_at_probe_intervals_plus_each_round_trip()
    {
        var text = "Mon Jan  5 10:00:00 UTC 2026\n" +
            """{"vip":"203.0.113.10","interface":"eth0","probesSent":3,"replies":[{"probe":1,"mac":"02:00:00:00:01:01","rttMs":0.5},{"probe":1,"mac":"02:00:00:00:01:02","rttMs":1.25},{"probe":3,"mac":"02:00:00:00:01:02","rttMs":2}],"responders":[],"verdict":"conflict"}""" + "\n";
        var reader = new ArpDoctorJsonReader();
        var rounds = reader.Read(new StringReader(text)).Cast<ArpDoctor.Core.Observations.Round>().ToList();
        Assert.Null(reader.Error);
        var stamp = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal([stamp, stamp + ProbeRequest.DefaultInterval, stamp + 2 * ProbeRequest.DefaultInterval], rounds.Select(r => r.Time!.Value));
        Assert.All(rounds, r => Assert.Equal(Vip, r.Vip));
        Assert.Equal([2, 0, 1], rounds.Select(r => r.Replies.Count));
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:01"), rounds[0].Winner);
        Assert.Equal(stamp + TimeSpan.FromMilliseconds(1.25), rounds[0].Replies[1].Time);
        Assert.Equal(TimeSpan.FromMilliseconds(2), rounds[2].Replies[0].RoundTrip);
        Assert.Null(rounds[1].Winner);
    }

    [Fact]
    public void A_scan_responder_counts_as_many_replies_as_it_sent_and_without_a_stamp_nothing_has_a_time()
    {
        var text = """{"results":[{"vip":"203.0.113.10","responders":[{"mac":"02:00:00:00:01:01","vendor":null,"replies":3},{"mac":"02:00:00:00:01:02","vendor":"Acme","replies":1}],"verdict":"conflict"}],"interface":"eth0","probesSent":1,"replies":4,"elapsedSeconds":0.5,"sendRate":0}""";
        var reader = new ArpDoctorJsonReader();
        var round = Assert.IsType<ArpDoctor.Core.Observations.Round>(Assert.Single(reader.Read(new StringReader(text))));
        Assert.Null(reader.Error);
        Assert.Null(round.Time);
        Assert.Equal(["02:00:00:00:01:01", "02:00:00:00:01:01", "02:00:00:00:01:01", "02:00:00:00:01:02"], round.Replies.Select(r => r.Mac.ToString()));
        Assert.All(round.Replies, r => Assert.Null(r.Time));
    }
}
