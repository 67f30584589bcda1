using ArpDoctor.Core.Agent;
using Xunit;

namespace ArpDoctor.Core.Tests.Agent;

public sealed class ProbeScheduleTests
{
    [Fact]
    public void Rounds_are_spread_within_the_jitter_and_average_the_interval()
    {
        var s = new ProbeSchedule(TimeSpan.FromSeconds(30), 0.1, 50, new Random(7));
        var gaps = Enumerable.Range(0, 2000).Select(_ => s.NextRound()).ToList();
        Assert.All(gaps, g => Assert.InRange(g, TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(33)));
        Assert.InRange(gaps.Average(g => g.TotalSeconds), 29.8, 30.2);
        Assert.True(gaps.Distinct().Count() > 1000, "the gaps vary");
        Assert.All(Enumerable.Range(0, 100).Select(_ => s.FirstDelay()), d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(51, 1000)]
    [InlineData(501, 10000)]
    public void Sending_takes_one_gap_per_probe_at_the_rate(int targets, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), new ProbeSchedule(TimeSpan.FromSeconds(30), 0, 50, new Random(1)).SendTime(targets));

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSchedule(TimeSpan.Zero, 0.1, 50, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSchedule(TimeSpan.FromSeconds(1), 1.0, 50, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSchedule(TimeSpan.FromSeconds(1), 0.1, 0, new Random(1)));
    }
}
