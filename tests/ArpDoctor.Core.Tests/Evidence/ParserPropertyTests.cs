using Xunit;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using CsCheck;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Whatever the input, parsers return a value or an error: no exception, no hang.</summary>
public class ParserPropertyTests
{
    // Characters that make lines look almost like evidence, so mutations reach deep into the parsers.
    private static readonly Gen<string> Texty = Gen.OneOf(
        Gen.String,
        Gen.Char["0123456789.:[]() \t-abcdefABCDEFmsunicastreplyfromUBRS{}\",\r\n"].Array[0, 300].Select(c => new string(c)),
        Gen.OneOf<string>(
            TestSupport.Golden("iputils-double.txt"), TestSupport.Golden("habets-double.txt"),
            TestSupport.Golden("arpscan-localnet.txt"), TestSupport.Golden("watch-flap.jsonl"))
            .SelectMany(text => Gen.Int[0, text.Length].SelectMany(cut => Gen.Char.Select(c => text[..cut] + c + text[Math.Min(text.Length, cut + 1)..]))));

    [Fact]
    public void Line_parsers_never_throw() =>
        Texty.Sample(line =>
        {
            foreach (var parsed in new[] { IputilsArpingLines.Parse(line), HabetsArpingLines.Parse(line), ArpScanLines.Parse(line) })
            {
                if (parsed.Kind == LineKind.Malformed) Assert.False(string.IsNullOrEmpty(parsed.Problem));
            }
            _ = WatchLogLines.TryParse(line, out _, out _);
            _ = DateStamps.TryParse(line, out _);
        }, iter: 20_000);

    [Fact]
    public void Reading_any_text_gives_a_report_or_an_error() =>
        Texty.Sample(text =>
        {
            var analysis = new EvidenceAnalysis();
            var (kind, error) = TextEvidenceReader.Read(new StringReader(text), analysis, maxLineLength: 512);
            var report = analysis.ToReport(TimeSpan.FromSeconds(30));
            if (error is not null) Assert.False(string.IsNullOrWhiteSpace(error.Message));
            if (kind is null) Assert.NotNull(error);
            Assert.All(report.Vips, v => Assert.InRange(v.Odds.ChanceNextDiffers, 0, 1));
        }, iter: 3_000);

    [Fact]
    public void Random_bytes_never_decode_wrongly_or_throw() =>
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            foreach (var link in new[] { 1, 113, 276, 0 })
                if (CapturedFrames.TryDecode(link, bytes, out var arp))
                    Assert.True(arp.Operation is ArpOperation.Request or ArpOperation.Reply);
            _ = CaptureMagic.Detect(bytes);
            _ = CaptureMagic.WhyNotText(bytes);
        }, iter: 50_000);
}
