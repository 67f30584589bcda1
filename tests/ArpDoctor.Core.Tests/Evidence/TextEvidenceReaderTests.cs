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
        var text = Golden("watch-flap.jsonl").Split('\n');
        text[4] = text[4][..40];
        var (_, kind, error) = Analyse(string.Join('\n', text));
        Assert.Equal(EvidenceKind.WatchLog, kind);
        Assert.Equal(5, error!.LineNumber);
    }
}
