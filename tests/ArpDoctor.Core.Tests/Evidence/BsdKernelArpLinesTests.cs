using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>FreeBSD/pfSense/OPNsense kernel ARP messages: real pastes (sources in their headers) and FreeBSD's format strings.</summary>
public sealed class BsdKernelArpLinesTests
{
    private static readonly MacAddress Apple = MacAddress.Parse("78:ca:39:fe:d6:b3");
    private static readonly MacAddress AppleTv = MacAddress.Parse("14:99:e2:27:0f:48");

    [Fact]
    public void A_flip_flop_in_a_FreeBSD_log_is_seven_moves_back_and_forth_with_their_times()
    {
        var moves = new List<BsdArpLine>();
        DateTimeOffset? previous = null;
        foreach (var (_, text) in RealPasteFiles.Lines("01-freebsd-moved-flip-flop.txt"))
        {
            Assert.True(BsdKernelArpLines.TryParse(text, previous, out var line, out var problem, written: new DateTimeOffset(2014, 4, 13, 18, 0, 0, TimeSpan.Zero)));
            Assert.Null(problem);
            moves.Add(line);
            previous = line.Time;
        }
        Assert.Equal(7, moves.Count);
        Assert.All(moves, m => Assert.Equal((BsdArpEvent.Moved, Ipv4Address.Parse("10.55.0.62"), "em0"), (m.Event, m.Ip, m.Interface)));
        Assert.Equal(new DateTimeOffset(2014, 4, 13, 16, 2, 36, TimeSpan.Zero), moves[0].Time);
        Assert.Equal(new DateTimeOffset(2014, 4, 13, 16, 32, 6, TimeSpan.Zero), moves[^1].Time);
        for (int i = 0; i < moves.Count; i++)
            Assert.Equal(i % 2 == 0 ? (Apple, AppleTv) : (AppleTv, Apple), (moves[i].Previous!.Value, moves[i].Mac));
    }

    [Fact]
    public void A_pfSense_line_without_a_stamp()
    {
        var (_, text) = Assert.Single(RealPasteFiles.Lines("02-pfsense-moved-once.txt"));
        Assert.True(BsdKernelArpLines.TryParse(text, null, out var line, out _));
        Assert.Equal(new BsdArpLine(null, BsdArpEvent.Moved, Ipv4Address.Parse("192.168.1.50"), MacAddress.Parse("62:1e:3e:43:04:0c"),
            MacAddress.Parse("c4:0c:5c:69:6c:05"), "em1"), line);
    }

    [Fact]
    public void A_hidden_address_is_an_error_that_says_so()
    {
        var (_, text) = Assert.Single(RealPasteFiles.Lines("03-freenas-moved-redacted.txt"));
        Assert.False(BsdKernelArpLines.TryParse(text, null, out _, out var problem));
        Assert.Contains("redacted ('x.x.x.x')", problem);
    }

    [Theory]
    // FreeBSD sys/netinet/if_ether.c (ARP_LOG prefixes "arp: "), written as syslog, RFC 5424 and dmesg show them.
    [InlineData("Nov 30 12:13:27 fw kernel: arp: 203.0.113.10 is on em0 but got reply from 02:00:00:00:01:02 on em1", BsdArpEvent.WrongInterface, "02:00:00:00:01:02", null, "em0")]
    [InlineData("<6>1 2026-11-30T12:13:27.123456+00:00 fw.example.net kernel - - - arp: 02:00:00:00:01:02 attempts to modify permanent entry for 203.0.113.10 on em0", BsdArpEvent.PermanentModify, "02:00:00:00:01:02", null, "em0")]
    [InlineData("arp: 02:00:00:00:01:02 is using my IP address 203.0.113.10 on em0!", BsdArpEvent.UsingMyAddress, "02:00:00:00:01:02", null, "em0")]
    [InlineData("Nov 30 12:13:27 fw kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:02 on igb0.1000", BsdArpEvent.Moved, "02:00:00:00:01:02", "02:00:00:00:01:01", "igb0.1000")]
    [InlineData("Nov 30 12:13:27 obsd /bsd: arp info overwritten for 203.0.113.10 by 02:00:00:00:01:02 on em0", BsdArpEvent.Moved, "02:00:00:00:01:02", null, "em0")]
    public void Every_message(string text, BsdArpEvent kind, string mac, string? old, string iface)
    {
        Assert.True(BsdKernelArpLines.TryParse(text, null, out var line, out _));
        Assert.Equal((kind, Ipv4Address.Parse("203.0.113.10"), MacAddress.Parse(mac), old is null ? (MacAddress?)null : MacAddress.Parse(old), iface),
            (line.Event, line.Ip, line.Mac, line.Previous, line.Interface));
    }

    [Theory]
    [InlineData("Nov 30 12:13:27 fw kernel: em0: link state changed to UP")]
    [InlineData("Nov 30 12:13:27 fw kernel: carp: 1@igb1: MASTER -> BACKUP (more frequent advertisement received)")]
    [InlineData("Nov 30 12:13:27 fw arpwatch: flip flop 203.0.113.10 02:00:00:00:01:01 (02:00:00:00:01:02) em0")]
    [InlineData("The arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:02 on em0 message means...")]
    public void Other_lines_are_not_messages(string text) => Assert.False(BsdKernelArpLines.TryParse(text, null, out _, out _));

    [Fact]
    public void A_mistyped_MAC_is_an_error_that_says_so()
    {
        Assert.False(BsdKernelArpLines.TryParse("kernel: arp: 203.0.113.10 moved from 02:00:00:00:01:01 to 02:00:00:00:01:0g on em0", null, out _, out var problem));
        Assert.Contains("'02:00:00:00:01:0g' is not a MAC address", problem);
    }
}
