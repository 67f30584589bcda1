using ArpDoctor.Core.History;
using ArpDoctor.Cli.Watch;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;
using Xunit;

namespace ArpDoctor.Cli.Tests.Watch;

/// <summary>The event log as a file the user owns: appended to, shared safely, never truncated.</summary>
public sealed class WatchLogFileTests : IDisposable
{
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:0a");
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static WatchEvent Event(int i) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), Vip, WatchEventKind.FirstSeen, A, null, [A]);

    [Fact]
    public async Task Two_writers_on_one_log_keep_every_event_as_a_whole_line()
    {
        // Two watches given the same --log: before, each wrote at the position it tracked itself and overwrote
        // the other's lines (811 of 2,000 events lost); with O_APPEND every line lands whole at the end.
        var path = Path.Combine(_dir, "events.jsonl");
        File.WriteAllText(path, "{\"earlier\":\"run\"}\n");
        var (first, error1) = WatchLogFile.Open(path);
        var (second, error2) = WatchLogFile.Open(path);
        Assert.Null(error1);
        Assert.Null(error2);
        using (first)
        using (second)
        {
            await Task.WhenAll(
                Task.Run(() => { for (int i = 0; i < 1000; i++) first!.Append(Event(i)); }),
                Task.Run(() => { for (int i = 1000; i < 2000; i++) second!.Append(Event(i)); }));
        }
        var lines = File.ReadAllLines(path);
        Assert.Equal("{\"earlier\":\"run\"}", lines[0]);
        var (events, bad) = WatchLogFormat.ParseLog(lines.Skip(1));
        Assert.Empty(bad);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => DateTimeOffset.UnixEpoch.AddSeconds(i)), events.Select(e => e.Time).Order());
    }

    [Fact]
    public void A_log_cut_mid_line_gets_the_next_event_on_a_new_line_and_keeps_its_bytes()
    {
        var path = Path.Combine(_dir, "cut.jsonl");
        File.WriteAllText(path, "{\"cut\":");
        var (log, error) = WatchLogFile.Open(path);
        Assert.Null(error);
        using (log) log!.Append(Event(1));
        var lines = File.ReadAllLines(path);
        Assert.Equal("{\"cut\":", lines[0]);
        Assert.Single(WatchLogFormat.ParseLog(lines.Skip(1)).Events);
    }

    [Fact]
    public void A_directory_is_refused_with_one_sentence()
    {
        var (log, error) = WatchLogFile.Open(_dir);
        Assert.Null(log);
        Assert.Equal($"cannot open log {_dir}: it is a directory", error);
    }
}
