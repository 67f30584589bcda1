using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// Captures as users bring them: one pcapng of several interfaces of different link types (multi-interface.pcapng: VIP
/// 203.0.113.10 answered by 02:00:00:00:01:01 and :02, seen through -i eth0, -i any in both cooked formats, and DOCSIS),
/// and damaged ones that must be judged at once.
/// </summary>
public sealed class AnalyzeCaptureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_pcapng_of_several_link_types_is_analysed_and_names_the_interface_it_cannot_read()
    {
        // Was exit 2: "libpcap cannot read it: an interface has a type 276 different from the type of the first interface".
        var path = Golden("multi-interface.pcapng");
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains($"{path}: pcapng, 36 frames\n", output);
        Assert.Contains($"warning: {path}: 9 frames of interface 3 are not read: link type 143 (DOCSIS); ArpDoctor reads Ethernet (1), Linux cooked v1 (113) and v2 (276)\n", output);
        Assert.Contains("203.0.113.10: conflict — 2 MACs, 18 replies to 9 probes", output);
    }

    [Fact]
    public async Task A_pcapng_piped_in_is_read_per_interface_too()
    {
        var (exit, output, error) = await Run(File.ReadAllBytes(Golden("multi-interface.pcapng")), "analyze", "-");
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains("203.0.113.10: conflict — 2 MACs, 18 replies to 9 probes", output);
    }

    [Fact]
    public async Task A_sparse_capture_of_zeros_is_exit_2_at_the_first_record_with_its_byte_offset()
    {
        // truncate -s 10G after a pcap header: read as 670 million empty frames for 79 s, then "no-answer".
        var path = Path.Combine(_dir, "sparse.pcap");
        using (var file = File.Create(path))
        {
            file.Write(File.ReadAllBytes(Golden("eth-double.pcap")).AsSpan(0, 24));
            file.SetLength(10L << 30);
        }
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"arpdoctor: analyze: {path}: damaged at byte 24: a record of a 0-byte frame (zeros where a record header belongs); " +
            "no frame before it (24 of 10737418240 bytes read)\n", error);
    }
}
