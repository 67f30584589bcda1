using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Packets;
using Microsoft.Extensions.Logging.Abstractions;
using ArpDoctor.TestKit.Fakes;
using Xunit;
using Xunit.Abstractions;

namespace ArpDoctor.Agent.Tests;

/// <summary>The agent's list/watch keeps client-go's reflector's manners: pauses that grow, start over after a healthy stretch.</summary>
public sealed class ReflectorBackoffTests
{
    private readonly ManualClock _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Pauses_start_at_800ms_double_to_30s_and_jitter_stretches_each_by_up_to_as_much_again()
    {
        var none = new ReflectorBackoff(_time, ReflectorBackoff.DefaultInitial, ReflectorBackoff.DefaultMax, ReflectorBackoff.DefaultReset, () => 0);
        Assert.Equal([0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30], Enumerable.Range(0, 8).Select(_ => none.Next().TotalSeconds));
        var full = new ReflectorBackoff(_time, ReflectorBackoff.DefaultInitial, ReflectorBackoff.DefaultMax, ReflectorBackoff.DefaultReset, () => 0.999);
        Assert.InRange(full.Next().TotalSeconds, 1.59, 1.6);
    }

    [Fact]
    public void After_a_healthy_stretch_the_pauses_start_over()
    {
        var backoff = new ReflectorBackoff(_time, ReflectorBackoff.DefaultInitial, ReflectorBackoff.DefaultMax, ReflectorBackoff.DefaultReset, () => 0);
        for (int i = 0; i < 5; i++) backoff.Next();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromSeconds(25.6), backoff.Next());
        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Next());
    }
}

/// <summary><see cref="ServiceSync"/> against a server that answers every watch with 410 Gone, on a fake clock.</summary>
public sealed class ServiceSyncRelistTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_server_that_expires_every_watch_gets_a_handful_of_lists_a_minute_not_thousands()
    {
        var time = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cluster = new InMemoryAgentCluster { ExpireEveryWatch = true };
        var metrics = new AgentMetrics();
        // The agent's defaults (800 ms doubling to 30 s), without jitter so the count is exact.
        var options = new AgentOptions("n1", Ipv4Address.Parse("192.0.2.11"), MacAddress.Parse("02:00:00:00:01:01"),
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 50, 0.1, TimeSpan.FromMinutes(10)) { BackoffJitter = () => 0 };
        var sync = new ServiceSync(cluster, new ServiceCatalog(), options, metrics, time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => sync.RunAsync(stop.Token));
        var perMinute = new List<int>();
        for (int minute = 0; minute < 5; minute++)
        {
            int before = cluster.Lists;
            for (int step = 0; step < 600; step++)
            {
                await SettleAsync(running);
                time.Advance(TimeSpan.FromMilliseconds(100));
            }
            await SettleAsync(running);
            perMinute.Add(cluster.Lists - before);
        }
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"Service lists per minute under a 410-only server: {string.Join(", ", perMinute)}");
        // Without jitter: lists at 0, 0.8, 2.4, 5.6, 12, 24.8, 50.4 s, then every 30 s.
        Assert.Equal(7, perMinute[0]);
        Assert.All(perMinute.Skip(1), n => Assert.InRange(n, 1, 3));
        Assert.Contains($"arpdoctor_agent_relists_total {cluster.Lists - 1}", await metrics.ExportAsync());
    }

    /// <summary>Lets the loop run until it waits on the fake clock again.</summary>
    private static async Task SettleAsync(Task running)
    {
        for (int i = 0; i < 5 && !running.IsCompleted; i++) await Task.Delay(1);
    }
}
