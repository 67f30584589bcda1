using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.LiveCapture;
using ArpDoctor.Linux.Interfaces;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Captures;

/// <summary>
/// <see cref="ReopeningLink"/>: what the catalogue says of eth0 (index 7, 02:00:00:00:00:07, 192.0.2.7) decides whether a
/// capture is open; the opener is a fake that counts what it opened.
/// </summary>
public sealed class ReopeningLinkTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("02:00:00:00:00:07");
    private static readonly InterfaceInfo Eth0 = new("eth0", Mac, Ipv4Address.Parse("192.0.2.7"), IsUp: true, HasCarrier: true, Index: 7);

    private InterfaceInfo? _info = Eth0;
    private LinkError? _openError;
    private readonly List<FakeArpLink> _opened = [];

    private ReopeningLink Source() => new("eth0", _ => _info, _ =>
    {
        if (_openError is not null) return (null, _openError);
        var link = new FakeArpLink(Mac, DateTimeOffset.UnixEpoch, "eth0");
        _opened.Add(link);
        return (link, null);
    });

    [Fact]
    public void An_interface_up_with_carrier_is_opened_once_and_given_with_its_address_at_every_look()
    {
        using var source = Source();
        var first = source.Acquire();
        var second = source.Acquire();
        Assert.Equal(LinkStatus.Up, first.Status);
        Assert.Same(_opened.Single(), first.Link);
        Assert.Same(first.Link, second.Link);
        Assert.Equal(Ipv4Address.Parse("192.0.2.7"), first.Ipv4);
    }

    [Theory]
    [InlineData(false, false, LinkState.Down, "interface eth0 is down; bring it up with 'ip link set eth0 up'")]
    [InlineData(true, false, LinkState.NoCarrier, "interface eth0 is up but has no carrier (no cable, or its veth peer is down), so no frame reaches the segment")]
    public void Down_or_without_carrier_is_a_state_with_its_reason_and_the_capture_is_closed(bool up, bool carrier, LinkState state, string reason)
    {
        using var source = Source();
        var link = source.Acquire().Link!;
        _info = Eth0 with { IsUp = up, HasCarrier = carrier };
        var attempt = source.Acquire();
        Assert.Null(attempt.Link);
        Assert.Equal(new LinkStatus(state, reason), attempt.Status);
        Assert.True(link.Received.Completion.IsCompleted, "the capture of an interface without carrier stays closed");

        _info = Eth0;
        Assert.Equal(LinkStatus.Up, source.Acquire().Status);
        Assert.Equal(2, _opened.Count);
    }

    [Fact]
    public void An_absent_interface_is_a_state_naming_the_interfaces_there_are()
    {
        _info = null;
        using var source = Source();
        var attempt = source.Acquire();
        Assert.Equal(LinkState.Absent, attempt.Status.State);
        Assert.StartsWith("no such interface: eth0 (interfaces here: ", attempt.Status.Reason);
        Assert.Empty(_opened);
    }

    [Fact]
    public void A_capture_that_ended_or_an_interface_made_again_under_the_same_name_is_opened_afresh()
    {
        using var source = Source();
        source.Acquire().Link!.Dispose();                       // libpcap saw the interface go away
        var reopened = source.Acquire().Link;
        Assert.Same(_opened[1], reopened);

        _info = Eth0 with { Index = 8 };                         // deleted and made again between two looks
        var madeAgain = source.Acquire().Link;
        Assert.Same(_opened[2], madeAgain);
        Assert.True(_opened[1].Received.Completion.IsCompleted, "the old capture is closed");
    }

    [Theory]
    [InlineData(LinkErrorKind.PermissionDenied, LinkState.Refused)]
    [InlineData(LinkErrorKind.LibpcapMissing, LinkState.Refused)]
    [InlineData(LinkErrorKind.CaptureFailed, LinkState.CaptureFailed)]
    public void A_capture_that_cannot_be_opened_says_whether_waiting_helps(LinkErrorKind kind, LinkState state)
    {
        _openError = new LinkError(kind, "cannot capture on eth0: because");
        using var source = Source();
        Assert.Equal(new LinkStatus(state, "cannot capture on eth0: because"), source.Acquire().Status);
    }

    [Fact]
    public void Reset_closes_the_link_and_the_next_look_opens_another()
    {
        using var source = Source();
        var first = source.Acquire().Link!;
        source.Reset();
        Assert.True(first.Received.Completion.IsCompleted);
        Assert.NotSame(first, source.Acquire().Link);
    }
}
