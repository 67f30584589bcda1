using ArpDoctor.Core.Text;
using Xunit;

namespace ArpDoctor.Core.Tests.Text;

public class DurationsTests
{
    [Theory]
    [InlineData("300ms", 300)]
    [InlineData("1.5s", 1500)]
    [InlineData("30s", 30_000)]
    [InlineData("2", 2000)]
    [InlineData("10m", 600_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("49d", 4_233_600_000)]
    public void Parses_what_users_type(string text, double ms)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(ms, d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("10x")]
    [InlineData("-1s")]
    [InlineData("s")]
    // These were exceptions (exit 3 "unexpected error") or accepted and then failed mid-run.
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("99999999999999")]
    [InlineData("50d")]
    [InlineData("1200h")]
    public void Rejects_nonsense(string text) => Assert.False(Durations.TryParse(text, out _));
}
