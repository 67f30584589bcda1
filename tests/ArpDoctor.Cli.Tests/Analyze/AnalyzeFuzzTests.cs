using CsCheck;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>Whatever arrives on standard input, analyze answers with a verdict or one clear error line: never exit 3 ("unexpected error").</summary>
public class AnalyzeFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        File.ReadAllBytes(Golden("iputils-loop-crlf.txt")),
        File.ReadAllBytes(Golden("habets-double.txt")),
        File.ReadAllBytes(Golden("arpscan-localnet.txt")),
        File.ReadAllBytes(Golden("watch-flap.jsonl")),
        File.ReadAllBytes(Golden("eth-double.pcapng")),
        File.ReadAllBytes(Golden("any-sll2.pcap")),
    ];

    private static readonly Gen<byte[]> Inputs = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        Gen.Int[0, Seeds.Length - 1].SelectMany(i => Gen.Select(Gen.Int[0, Seeds[i].Length], Gen.Int[0, Seeds[i].Length - 1], Gen.Byte,
            (cut, at, value) =>
            {
                var bytes = (byte[])Seeds[i].Clone();
                bytes[at] = value;
                return bytes[..Math.Max(cut, 1)];
            })));

    [Fact]
    public void Any_input_gives_a_verdict_or_one_error_line() =>
        Inputs.Sample(bytes =>
        {
            var (code, _, error) = Run(bytes, "analyze", "-", "-o", "json").GetAwaiter().GetResult();
            Assert.Contains(code, (int[])[0, 1, 2, 5]);   // healthy, a problem, bad input, cannot tell
            if (code == 2)
            {
                Assert.StartsWith("arpdoctor: analyze: standard input: ", error);
                Assert.Single(error.TrimEnd('\n').Split('\n'));
            }
        }, iter: 400, threads: 1);
}
