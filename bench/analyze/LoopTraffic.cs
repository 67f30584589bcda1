using System.Globalization;
using System.Text;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.CaptureFiles;

namespace ArpDoctor.Bench.Analyze;

/// <summary>
/// The traffic of a day-long arping loop against one VIP with an address conflict, as
/// <c>while :; do echo "=== run $i ==="; date -u; arping -b -c 5 -I eth0 203.0.113.10; echo ---; done</c>
/// sees it: a run every 5 s, each 5 broadcast probes one second apart, each probe answered by 13 MACs in a
/// random order with round trips rising, the announcer twice (kernel first, then its speaker 2–13 ms later).
/// With <c>fixedRuns</c> the last runs are after the fix: only the announcer answers, once per probe.
/// Written as iputils arping prints it (<see cref="WriteLog"/>) or as the frames on the wire (<see cref="WritePcap"/>),
/// from the same seed, so the two files describe the same probes and replies.
/// </summary>
internal static class LoopTraffic
{
    public const int ProbesPerRun = 5;
    public static readonly TimeSpan RunInterval = TimeSpan.FromSeconds(5);
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    // Address plan (as in the iputils-loop-fixed golden file): client 192.0.2.2 on eth0, VIP 203.0.113.10,
    // 13 nodes answering it; the last one is the announcer.
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address ClientIp = Ipv4Address.Parse("192.0.2.2");
    private static readonly MacAddress ClientMac = MacAddress.Parse("56:bf:b1:65:48:3a");
    private static readonly string[] Macs =
    [
        "F6:82:C7:6C:38:55", "7A:59:CB:88:7E:7D", "4A:68:DB:00:8D:58", "D2:DB:5B:09:13:1B", "EE:41:3A:11:80:09",
        "3A:00:CF:46:5F:3C", "AA:D0:A7:98:9E:26", "BA:89:56:06:62:2B", "5E:0A:63:53:9B:95", "12:80:77:37:D9:D9",
        "D6:49:19:DB:AC:35", "72:EF:62:49:66:EB", "1A:09:36:66:AD:D6",
    ];
    private const int Announcer = 12;

    /// <summary>One reply: which MAC, and its round trip in microseconds after its probe.</summary>
    private readonly record struct Reply(int Mac, int RoundTripMicros);

    /// <summary>Calls <paramref name="run"/> once per run with its start and its probes' replies, in arrival order.</summary>
    private static void Generate(long runs, long fixedRuns, Action<long, DateTimeOffset, Reply[][]> run)
    {
        var random = new Random(30);
        var probes = new Reply[ProbesPerRun][];
        var conflict = new Reply[Macs.Length + 1];
        var order = new int[Macs.Length];
        for (long i = 0; i < runs; i++)
        {
            bool isFixed = i >= runs - fixedRuns;
            for (int p = 0; p < ProbesPerRun; p++)
            {
                if (isFixed)
                {
                    probes[p] = [new Reply(Announcer, random.Next(1_900, 10_200))];
                    continue;
                }
                for (int m = 0; m < order.Length; m++) order[m] = m;
                random.Shuffle(order);
                int rtt = random.Next(550, 650);
                for (int k = 0; k < order.Length; k++, rtt += random.Next(3, 6)) conflict[k] = new Reply(order[k], rtt);
                conflict[^1] = new Reply(Announcer, random.Next(2_400, 13_000));
                probes[p] = (Reply[])conflict.Clone();
            }
            run(i, Start + RunInterval * i, probes);
        }
    }

    /// <summary>The probe's send time: the run's start, arping's ~2 ms to open its socket, then one a second.</summary>
    private static DateTimeOffset ProbeTime(DateTimeOffset runStart, int probe) =>
        runStart.AddMicroseconds(2_000 + 1_000_000L * probe);

    public static (long Lines, long Replies) WriteLog(string path, long runs, long fixedRuns)
    {
        long lines = 0, replies = 0;
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        var c = CultureInfo.InvariantCulture;
        Generate(runs, fixedRuns, (i, start, probes) =>
        {
            file.WriteLine($"=== run {i + 1} ===");
            // date -u in the C locale: "%a %b %e %H:%M:%S %Z %Y", the day space-padded.
            file.WriteLine(start.ToString("ddd MMM ", c) + start.Day.ToString(c).PadLeft(2) + start.ToString(" HH:mm:ss 'UTC' yyyy", c));
            file.WriteLine("ARPING 203.0.113.10 from 192.0.2.2 eth0");
            int received = 0;
            foreach (var probe in probes)
                foreach (var reply in probe)
                {
                    file.Write("Unicast reply from 203.0.113.10 [");
                    file.Write(Macs[reply.Mac]);
                    file.Write("]  ");
                    file.Write((reply.RoundTripMicros / 1000).ToString(c));
                    file.Write('.');
                    file.Write((reply.RoundTripMicros % 1000).ToString("D3", c));
                    file.WriteLine("ms");
                    received++;
                }
            file.WriteLine($"Sent {ProbesPerRun} probes ({ProbesPerRun} broadcast(s))");
            file.WriteLine($"Received {received} response(s)");
            file.WriteLine("------------------------------");
            lines += 6 + received;
            replies += received;
        });
        return (lines, replies);
    }

    private const int UnpaddedArpFrameLength = 14 + 28;

    private static byte[] OnTheClient(ArpFrame frame) => ArpCodec.Encode(frame)[..UnpaddedArpFrameLength];

    public static (long Frames, long Replies) WritePcap(string path, long runs, long fixedRuns)
    {
        long frames = 0, replies = 0;
        // As a capture on the client shows them: 42 bytes (the NIC pads what it sends, and what it hands up is
        // unpadded), and arping -b's request asks with target MAC ff:ff:ff:ff:ff:ff.
        var request = OnTheClient(ArpFrame.Request(ClientMac, ClientIp, Vip) with { TargetMac = MacAddress.Broadcast });
        var answers = Macs.Select(m => OnTheClient(ArpFrame.Reply(MacAddress.Parse(m), Vip, ClientMac, ClientIp))).ToArray();
        using var file = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new PcapFileWriter(file, (int)CaptureLinkType.Ethernet);
        Generate(runs, fixedRuns, (_, start, probes) =>
        {
            for (int p = 0; p < probes.Length; p++)
            {
                var sent = ProbeTime(start, p);
                writer.Write(sent, request);
                foreach (var reply in probes[p]) writer.Write(sent.AddMicroseconds(reply.RoundTripMicros), answers[reply.Mac]);
                frames += 1 + probes[p].Length;
                replies += probes[p].Length;
            }
        });
        return (frames, replies);
    }
}
