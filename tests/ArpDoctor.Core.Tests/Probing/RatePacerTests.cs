using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

public class RatePacerTests
{
    [Theory]
    [InlineData(1000, 0.0, 1)]      // the first probe goes at once
    [InlineData(1000, 0.9, 1)]
    [InlineData(1000, 1.0, 2)]
    [InlineData(1000, 10.5, 11)]
    [InlineData(20000, 1.0, 21)]
    [InlineData(1000, 5000.0, 1024)] // capped at the total
    public void Due_follows_the_rate(int rate, double elapsedMs, int expected) =>
        Assert.Equal(expected, new RatePacer(rate).Due(TimeSpan.FromMilliseconds(elapsedMs), 1024));

    [Fact]
    public void Late_wakeups_are_made_up_in_a_burst()
    {
        var pacer = new RatePacer(1000);
        Assert.Equal(1, pacer.Due(TimeSpan.Zero, 100));
        Assert.Equal(16, pacer.Due(TimeSpan.FromMilliseconds(15.2), 100)); // a timer that woke 14 ms late
    }

    [Fact]
    public void DueAt_is_the_inverse_of_Due()
    {
        var pacer = new RatePacer(3000);
        for (int i = 0; i < 50; i++)
            Assert.Equal(i + 1, pacer.Due(pacer.DueAt(i), 1000));
    }

    [Fact]
    public void Rate_must_be_positive() => Assert.Throws<ArgumentOutOfRangeException>(() => new RatePacer(0));
}
