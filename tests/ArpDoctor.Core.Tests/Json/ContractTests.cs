using System.Text.Json;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Json;

/// <summary>The JSON contract's words: every verdict by its word both ways, addresses as text, keys in record order.</summary>
public class ContractTests
{
    [Fact]
    public void Every_verdict_is_written_as_its_word_and_read_back_from_it_never_from_the_member_name()
    {
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            var document = new ProbeDocument(Ipv4Address.Parse("192.0.2.10"), "eth0", 0, [], [], verdict);
            var json = JsonSerializer.Serialize(document, ArpDoctorJsonContext.Default.ProbeDocument);
            Assert.EndsWith($"\"verdict\":\"{verdict.ToWord()}\"}}", json, StringComparison.Ordinal);
            Assert.Equal(verdict, JsonSerializer.Deserialize(json, ArpDoctorJsonContext.Default.ProbeDocument)!.Verdict);
            Assert.True(VerdictNames.TryParse(verdict.ToWord(), out var parsed));
            Assert.Equal(verdict, parsed);
        }
        Assert.False(VerdictNames.TryParse(nameof(Verdict.NoAnswer), out _));
        Assert.False(VerdictNames.TryParse(null, out _));
    }

    [Fact]
    public void A_probe_document_is_its_keys_in_order_with_addresses_as_text()
    {
        var mac = MacAddress.Parse("02:00:00:00:0A:0B");
        var document = new ProbeDocument(Ipv4Address.Parse("192.0.2.10"), "eth0", 1,
            [new ProbeReplyJson(1, mac, 0.25)], [new ProbeResponderJson(mac, null, 1, 1)], Verdict.Healthy);
        Assert.Equal(
            """{"vip":"192.0.2.10","interface":"eth0","probesSent":1,"replies":[{"probe":1,"mac":"02:00:00:00:0a:0b","rttMs":0.25}],"responders":[{"mac":"02:00:00:00:0a:0b","vendor":null,"replies":1,"wins":1}],"verdict":"healthy"}""",
            JsonSerializer.Serialize(document, ArpDoctorJsonContext.Default.ProbeDocument));
    }

    [Theory]
    [InlineData("""{"vip":"192.0.2.300"}""", "is not an IPv4 address", "$.vip")]
    [InlineData("""{"vip":1}""", "is not an IPv4 address", "$.vip")]
    [InlineData("""{"replies":[{"mac":"02:00:00:00:0a"}]}""", "is not a MAC address", "$.replies[0].mac")]
    [InlineData("""{"verdict":"ok"}""", "is not a verdict (healthy, conflict, no-answer, unstable, no-evidence, inconclusive)", "$.verdict")]
    public void A_value_the_writer_never_writes_is_an_error_saying_what_and_where(string json, string message, string path)
    {
        var e = Assert.Throws<JsonValueException>(() => JsonSerializer.Deserialize(json, ArpDoctorJsonContext.Default.ProbeDocument));
        Assert.Equal(message, e.Message);
        Assert.Equal(path, e.Path);
    }
}
