using System.Diagnostics;
using System.Globalization;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Evidence.CaptureFiles;
using ArpDoctor.Core.Packets;
using ArpDoctor.Bench.Analyze;
using ArpDoctor.Linux.CaptureFiles;

// generate FILE [FRAMES]: a capture of broadcast probes for ten VIPs, each answered by three nodes in a
//   random order (node 1 twice, as speaker and kernel): one request and three replies per probe.
// measure FILE [RUNS]: analyse it in this process on one thread, print frames/s of the best run.
// loop FILE [--runs N] [--fixed-hours H] [--pcap]: a day of an arping loop against a VIP thirteen MACs answer
//   (LoopTraffic), as iputils arping prints it, or with --pcap as the frames on the wire; the last H hours after the fix.
return args switch
{
    ["generate", var path, ..] => Generate(path, args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000),
    ["measure", var path, ..] => Measure(path, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3),
    ["loop", var path, .. var options] => Loop(path, options),
    ["measure-core", var path, ..] => MeasureCore(path, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate FILE [FRAMES] | measure FILE [RUNS] | loop FILE [--runs N] [--fixed-hours H] [--pcap]");
    return 2;
}

static int Loop(string path, string[] options)
{
    long runs = (long)(TimeSpan.FromDays(1) / LoopTraffic.RunInterval);
    double fixedHours = 0;
    bool pcap = false;
    for (int i = 0; i < options.Length; i++)
    {
        switch (options[i])
        {
            case "--runs" when i + 1 < options.Length: runs = long.Parse(options[++i], CultureInfo.InvariantCulture); break;
            case "--fixed-hours" when i + 1 < options.Length: fixedHours = double.Parse(options[++i], CultureInfo.InvariantCulture); break;
            case "--pcap": pcap = true; break;
            default: return Usage();
        }
    }
    long fixedRuns = Math.Min(runs, (long)(TimeSpan.FromHours(fixedHours) / LoopTraffic.RunInterval));
    var (items, replies) = pcap ? LoopTraffic.WritePcap(path, runs, fixedRuns) : LoopTraffic.WriteLog(path, runs, fixedRuns);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{runs:N0} runs ({fixedRuns:N0} after the fix), {items:N0} {(pcap ? "frames" : "lines")}, {replies:N0} replies written to {path} ({new FileInfo(path).Length / 1e6:F0} MB)"));
    return 0;
}

static int Generate(string path, long frames)
{
    var client = MacAddress.Parse("02:00:00:00:00:01");
    var clientIp = Ipv4Address.Parse("203.0.113.1");
    var nodes = new[] { MacAddress.Parse("02:00:00:00:01:01"), MacAddress.Parse("02:00:00:00:01:02"), MacAddress.Parse("02:00:00:00:01:03") };
    var vips = Enumerable.Range(10, 10).Select(i => Ipv4Address.Parse($"203.0.113.{i}")).ToArray();
    var requests = vips.Select(v => ArpCodec.Encode(ArpFrame.Request(client, clientIp, v))).ToArray();
    var replies = vips.Select(v => nodes.Select(n => ArpCodec.Encode(ArpFrame.Reply(n, v, client, clientIp))).ToArray()).ToArray();
    var random = new Random(4);
    var time = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    using var file = new BufferedStream(File.Create(path), 1 << 20);
    using var writer = new PcapFileWriter(file, (int)CaptureLinkType.Ethernet);
    Span<int> order = stackalloc int[4];
    for (long written = 0; written < frames;)
    {
        int v = (int)(written / 4 % vips.Length);
        writer.Write(time, requests[v]);
        written++;
        order[0] = 0; order[1] = 1; order[2] = 2; order[3] = 0;
        for (int i = 3; i > 0; i--) { int j = random.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        for (int k = 0; k < 3 && written < frames; k++, written++)
            writer.Write(time.AddMicroseconds(100 + 50 * k), replies[v][order[k]]);
        time = time.AddMilliseconds(100);
    }
    Console.WriteLine($"{frames:N0} frames written to {path} ({new FileInfo(path).Length / 1e6:F0} MB)");
    return 0;
}

// The analysis alone: frames decoded from a capture already in memory, without libpcap's reading.
static int MeasureCore(string path, int runs)
{
    var bytes = File.ReadAllBytes(path);
    for (int run = 0; run < runs; run++)
    {
        var analysis = new EvidenceAnalysis();
        var assembler = new CaptureAssembler(analysis);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long frames = 0;
        int offset = 24;
        while (offset + 16 <= bytes.Length)
        {
            var header = bytes.AsSpan(offset);
            long seconds = BitConverter.ToUInt32(header);
            long micros = BitConverter.ToUInt32(header[4..]);
            int length = BitConverter.ToInt32(header[8..]);
            var frame = bytes.AsSpan(offset + 16, length);
            offset += 16 + length;
            frames++;
            if (CapturedFrames.TryDecode(1, frame, out var arp))
                assembler.Observe(new DateTimeOffset(DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + micros * 10, TimeSpan.Zero), arp);
        }
        assembler.End();
        _ = analysis.ToReport(TimeSpan.FromSeconds(30));
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run + 1}: analysis alone {frames / cpu.TotalSeconds / 1e6:F2} M frames per CPU-second ({frames / clock.Elapsed.TotalSeconds / 1e6:F2} M/s wall)"));
    }
    return 0;
}

static int Measure(string path, int runs)
{
    double best = 0;
    for (int run = 0; run < runs; run++)
    {
        var analysis = new EvidenceAnalysis();
        var assembler = new CaptureAssembler(analysis);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = CaptureFileReader.Read(path, assembler);
        assembler.End();
        var report = analysis.ToReport(TimeSpan.FromSeconds(30));
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (result.Error is not null)
        {
            Console.Error.WriteLine(result.Error);
            return 2;
        }
        // CPU time, not wall time: on a shared machine the wall clock measures the neighbours too.
        double rate = result.Frames / cpu.TotalSeconds;
        best = Math.Max(best, rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run + 1}: {result.Frames:N0} frames in {cpu.TotalSeconds:F2} CPU-s ({clock.Elapsed.TotalSeconds:F2} s wall) = {rate / 1e6:F2} M frames per CPU-second, {report.Vips.Count} VIPs, {allocated / 1e6:F1} MB allocated, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: {best / 1e6:F2} M frames per CPU-second"));
    return 0;
}
