using ArpDoctor.Core.Doctoring;
using Xunit;

namespace ArpDoctor.Core.Tests.Doctoring;

/// <summary>Prometheus' text exposition format, read as a scrape gets it.</summary>
public sealed class MetricsTextTests
{
    [Fact]
    public void Comments_labels_escapes_special_values_and_timestamps_read()
    {
        var text = """
            # HELP arpdoctor_vip_responder 1 for each MAC
            # TYPE arpdoctor_vip_responder gauge
            # a comment of no kind
            arpdoctor_vip_responder{lb_service="shop/web",ip="203.0.113.10",mac="02:00:00:00:00:02"} 1
            plain 42
            escaped{a="x\"y\\z\nw", b = "" ,} -1.5e3 1700000000000
            nan_value NaN
            up{x="1"} +Inf
            down -Inf

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        var (parsed, error) = MetricsText.Parse(text);
        Assert.Null(error);
        var samples = parsed!;
        Assert.Equal(["arpdoctor_vip_responder", "plain", "escaped", "nan_value", "up", "down"], samples.Select(s => s.Name));
        Assert.Equal(("shop/web", "203.0.113.10", "02:00:00:00:00:02", 1.0), (samples[0].Label("lb_service"), samples[0].Label("ip"), samples[0].Label("mac"), samples[0].Value));
        Assert.Equal((42.0, (long?)null), (samples[1].Value, samples[1].TimestampMs));
        Assert.Equal(("x\"y\\z\nw", "", -1500.0, (long?)1700000000000), (samples[2].Label("a"), samples[2].Label("b"), samples[2].Value, samples[2].TimestampMs));
        Assert.True(double.IsNaN(samples[3].Value));
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity), (samples[4].Value, samples[5].Value));
    }

    [Theory]
    [InlineData("m{a=\"1\"", "line 2: labels are not closed with '}': m{a=\"1\"")]
    [InlineData("m{a=\"1} 2", "line 2: label a's value is not a closed, quoted string: m{a=\"1} 2")]
    [InlineData("m{a=1} 2", "line 2: label a's value is not a closed, quoted string: m{a=1} 2")]
    [InlineData("m{a=\"1\",a=\"2\"} 2", "line 2: label a is given twice: m{a=\"1\",a=\"2\"} 2")]
    [InlineData("m", "line 2: no value: m")]
    [InlineData("m one", "line 2: value one is not a number: m one")]
    [InlineData("m 1 2.5", "line 2: timestamp 2.5 is not an integer: m 1 2.5")]
    [InlineData("m 1 2 3", "line 2: more than a value and a timestamp after the labels: m 1 2 3")]
    [InlineData("{a=\"1\"} 2", "line 2: no metric name: {a=\"1\"} 2")]
    [InlineData("m 1e999", "line 2: value 1e999 is not a number: m 1e999")]
    public void A_line_that_does_not_read_is_named_with_its_number_and_why(string line, string expected)
    {
        var (samples, error) = MetricsText.Parse("ok 1\n" + line + "\n");
        Assert.Null(samples);
        Assert.Equal(expected, error);
    }
}
