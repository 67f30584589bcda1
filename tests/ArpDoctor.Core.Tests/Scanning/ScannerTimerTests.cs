using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Scanning;

/// <summary>
/// A thread-pool timer can run its callback after it was disposed (the callback was already on its way).
/// The scanner's timeouts must survive that: a callback that throws there takes the whole process down.
/// Address plan: client 02:00:00:00:00:01 / 192.0.2.2; responder 02:00:00:00:00:11; VIPs from 203.0.113.10.
/// </summary>
public class ScannerTimerTests
{
    /// <summary>Real time, keeping every timer callback so the test can run them again late.</summary>
    private sealed class LateCallbacks : TimeProvider
    {
        public readonly List<(TimerCallback Callback, object? State)> Timers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Timers) Timers.Add((callback, state));
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task Timer_callbacks_that_run_after_the_scan_ended_do_no_harm()
    {
        var time = new LateCallbacks();
        using var link = new TimedFakeArpLink(time);
        var vips = Enumerable.Range(0, 3).Select(i => new Ipv4Address(Ipv4Address.Parse("203.0.113.10").Value + (uint)i)).ToList();
        // One answers late, one never: the scan waits for frames with a timeout, round after round.
        link.Answer(vips[0], MacAddress.Parse("02:00:00:00:00:11"));
        link.Answer(vips[1], MacAddress.Parse("02:00:00:00:00:11"), () => TimeSpan.FromMilliseconds(30));
        var request = new ScanRequest(vips, Ipv4Address.Parse("192.0.2.2"), link.Mac, Rate: 1000, Retries: 1, TimeSpan.FromMilliseconds(60));

        var result = await new Scanner(link, time).ScanAsync(request);

        Assert.Equal(1, result.Silent);
        List<(TimerCallback Callback, object? State)> timers;
        lock (time.Timers) timers = [.. time.Timers];
        Assert.NotEmpty(timers);
        foreach (var (callback, state) in timers)
            callback(state);
    }
}
