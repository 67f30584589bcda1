using System.Buffers;
using System.Text;
using System.Text.Json;
using ArpDoctor.Core.Doctoring;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Doctoring;

/// <summary>A probe Pod's log read back as a hearing, and the hearings of two probe nodes as one.</summary>
public sealed class ScanHearingTests
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:0b");
    private static readonly MacAddress C = MacAddress.Parse("02:00:00:00:00:0c");

    /// <summary>The document as scan writes it: the contract's serializer, indented.</summary>
    private static string Document(params ScanResponderJson[] responders)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            JsonSerializer.Serialize(json, new ScanDocument([new ScanResultJson(Vip, responders, responders.Length > 1 ? Verdict.Conflict : Verdict.Healthy)], "eth0", 1, 3, 0.5, 10),
                ArpDoctorJsonContext.Default.ScanDocument);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void A_log_with_stderr_lines_around_the_document_reads_its_responders_the_first_the_winner()
    {
        var log = "arpdoctor: scan: a warning on stderr\n" + Document(new(B, null, 2), new(A, null, 1)) + "\narpdoctor: scan: 1 conflict\n";
        var (hearing, error) = ScanHearing.Read(log);
        Assert.Null(error);
        Assert.Equal(("eth0", 1), (hearing!.Interface, hearing.Rounds));
        Assert.Equal([new HeardFrom(B, 2, 1), new HeardFrom(A, 1, 0)], hearing.For(Vip));
    }

    [Fact]
    public void A_log_without_a_document_is_no_hearing_and_its_last_line_says_why()
    {
        var (hearing, error) = ScanHearing.Read("arpdoctor: scan: cannot capture on eth0: Operation not permitted (needs root or CAP_NET_RAW)\n");
        Assert.Null(hearing);
        Assert.Equal("the probe wrote no scan document: arpdoctor: scan: cannot capture on eth0: Operation not permitted (needs root or CAP_NET_RAW)", error);
        Assert.Equal("the probe wrote no scan document: (empty log)", ScanHearing.Read("").Error);
        Assert.StartsWith("the probe's scan document is cut short", ScanHearing.Read("{\n  \"results\": [\n").Error);
    }

    [Fact]
    public void Two_nodes_hearings_are_every_MAC_either_heard_added_up()
    {
        var fromN1 = ScanHearing.Read(Document(new(B, null, 1), new(C, null, 1))).Hearing!;
        var fromN2 = ScanHearing.Read(Document(new(A, null, 1), new(C, null, 1))).Hearing!;
        var both = ScanHearing.Merge([fromN1, fromN2]);
        Assert.Equal(2, both.Rounds);
        Assert.Equal([new HeardFrom(A, 1, 1), new HeardFrom(B, 1, 1), new HeardFrom(C, 2, 0)], both.For(Vip));
    }

    [Fact]
    public void The_command_scans_every_address_once_and_keeps_silent_ones()
    {
        var node = Ipv4Address.Parse("192.0.2.11");
        Assert.Equal(["arpdoctor", "scan", "-i", "eth0", "--allow-silent", "-w", "500ms", "-o", "json", "203.0.113.10", "192.0.2.11"],
            ScanHearing.Command("eth0", [Vip, node, Vip], TimeSpan.FromMilliseconds(500)));
    }
}
