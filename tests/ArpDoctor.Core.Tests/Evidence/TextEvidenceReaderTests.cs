using Xunit;
using ArpDoctor.Core.Evidence;
using static ArpDoctor.Core.Tests.TestSupport;

namespace ArpDoctor.Core.Tests.Evidence;

public class TextEvidenceReaderTests
{
    [Fact]
    public void Unrecognised_text_names_the_first_line_it_could_not_place()
    {
        var (_, kind, error) = Analyse("\n-----\nThu Nov 26 12:51:12 UTC 2026\nPING 203.0.113.10 56(84) bytes of data.\n64 bytes from 203.0.113.10: icmp_seq=1\n");
        Assert.Null(kind);
        Assert.Equal(4, error!.LineNumber);
        Assert.StartsWith("PING 203.0.113.10", error.LineText);
        Assert.Contains("not recognised", error.Message);
        // The message lists what is recognised, with a sample line of each.
        foreach (var named in new[] { "arping", "arp-scan", "tcpdump", "arpwatch", "addrwatch", "ip neigh", "arp -a", "arpdoctor JSON", "watch-log", "capture",
                     "arpwatch: flip flop IP MAC (MAC)", "TIME IF VLAN MAC IP ARP_REP", "IP dev IF lladdr MAC STATE", "? (IP) at MAC [ether] on IF", "\"probesSent\": N", "\"results\": [" })
            Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("", "empty input")]
    [InlineData("\n\n----\n", "no ARP evidence")]
    public void Empty_or_filler_only_input_is_an_error(string text, string why)
    {
        var (_, _, error) = Analyse(text);
        Assert.Contains(why, error!.Message);
        Assert.Null(error.LineNumber);
    }

    [Fact]
    public void A_damaged_reply_after_good_ones_stops_with_its_line_number()
    {
        var lines = Golden("iputils-double.txt").Split('\n');
        lines[3] = lines[3].Replace("02]", "0");
        var (_, kind, error) = Analyse(string.Join('\n', lines));
        Assert.Equal(EvidenceKind.IputilsArping, kind);
        Assert.Equal(4, error!.LineNumber);
        Assert.Contains("[MAC]", error.Message);
        Assert.StartsWith("line 4: 'Unicast reply", error.ToString());
    }

    [Fact]
    public void A_huge_line_is_an_error_when_it_is_evidence_and_skipped_when_it_is_noise()
    {
        var noise = "ARPING 203.0.113.10 from 203.0.113.1 eth0\n" + new string('-', 200_000) + "\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\nSent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n";
        Assert.Null(Analyse(noise).Error);
        var evidence = "ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms" + new string(' ', 100_000) + "x\n";
        var error = Analyse(evidence).Error;
        Assert.Equal(2, error!.LineNumber);
        Assert.Contains("longer than", error.Message);
        Assert.True(error.ToString().Length < 300);
    }

    [Fact]
    public void A_damaged_watch_line_names_its_line()
    {
        // A whole line that is wrong is an error; a line cut by a killed run is skipped (AnalyzeCommandTests.A_watch_log_with_a_line_cut_by_a_killed_run_...).
        var text = Golden("watch-flap.jsonl").Split('\n');
        text[4] = text[4].Replace("\"vip\":\"203.0.113.10\"", "\"vip\":\"not-an-address\"", StringComparison.Ordinal);
        var (_, kind, error) = Analyse(string.Join('\n', text));
        Assert.Equal(EvidenceKind.WatchLog, kind);
        Assert.Equal(5, error!.LineNumber);
    }

    [Fact]
    public void Recognising_holds_a_bounded_amount_of_text()
    {
        // 100 MB of long unrecognisable lines: the reader gives up after about a megabyte, naming line 1.
        var text = new RepeatingReader("x".PadRight(60_000, 'y') + "\n", 100_000_000);
        var (kind, error) = TextEvidenceReader.Read(text, new ArpDoctor.Core.Analysis.EvidenceAnalysis());
        Assert.Null(kind);
        Assert.Equal(1, error!.LineNumber);
        Assert.True(text.Served < 4_000_000, $"read {text.Served} characters");
    }

    /// <summary>A reader of <paramref name="total"/> characters made of <paramref name="unit"/> repeated, without holding them.</summary>
    private sealed class RepeatingReader(string unit, long total) : TextReader
    {
        public long Served { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            int n = (int)Math.Min(count, total - Served);
            for (int i = 0; i < n; i++) buffer[index + i] = unit[(int)((Served + i) % unit.Length)];
            Served += n;
            return n;
        }
    }
}
