using System.Text;
using System.Text.Json;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads the JSON documents <c>arpdoctor probe -o json</c> (<c>{"vip","interface","probesSent","replies":[{"probe","mac",
/// "rttMs"}],"responders","verdict"}</c>) and <c>arpdoctor scan -o json</c> (<c>{"results":[{"vip","responders":[{"mac",
/// "replies"}],"verdict"}],"interface","probesSent",...}</c>) write, indented or on one line, one or several in a row,
/// with <c>date</c> stamps between them as a loop script writes them. A probe document's replies are fed as the probes
/// they answered, in their order; a scan's result is one probe per VIP answered by its responders in the order listed
/// (first to reply first). The documents carry no clock: a stamp before one dates its first probe, later probes are
/// <see cref="ProbeInterval"/> apart (probe's default) and a reply comes its round trip after its probe.
/// The JSON is read as a stream of tokens: memory holds one unfinished token, never the document.
/// </summary>
public sealed class ArpDoctorJsonFeeder(EvidenceReading reading)
{
    private readonly RoundRecorder _rounds = new(reading);
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>Most probes one document may claim; beyond this it is not output of a real run.</summary>
    public const long MaxProbes = 10_000_000;
    /// <summary>A scan responder's reply count is fed one reply at a time, up to this many.</summary>
    public const int MaxRepliesPerResponder = 1000;
    private const int MaxDepth = 8;

    private enum Shape { Unknown, Probe, Scan }

    private readonly string?[] _names = new string?[MaxDepth];
    private byte[] _buffer = new byte[4096];
    private int _length;
    private JsonReaderState _state;
    private bool _inDocument;
    private DateTimeOffset? _stamp;
    private DateTimeOffset? _documentTime;
    private Shape _shape;
    private VipRounds? _vip;
    private long _probesSent = -1;
    private long _openProbe;
    // The reply, scan result or scan responder being read.
    private int _replyProbe;
    private MacAddress? _replyMac;
    private double _replyRtt;
    private VipRounds? _resultVip;
    private bool _resultVipSeen, _resultAnswered;
    private MacAddress? _responderMac;
    private long _responderReplies;

    public long Documents { get; private set; }

    /// <summary>One line of text; null when it was read, else what is wrong with it.</summary>
    public string? Line(string text)
    {
        if (!_inDocument)
        {
            var trimmed = text.AsSpan().Trim();
            if (trimmed.IsEmpty) return null;
            if (DateStamps.TryParse(trimmed, out var stamp))
            {
                _stamp = stamp;
                return null;
            }
            // Anything else between documents (a shell prompt, the command line) is not evidence.
            if (trimmed[0] != '{') return null;
            StartDocument();
        }
        int needed = _length + Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        _buffer[_length++] = (byte)'\n';
        try
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), isFinalBlock: false, _state);
            while (reader.Read())
            {
                if (Token(ref reader) is { } problem) return problem;
                if (!_inDocument)
                {
                    // The document ended on this line: what follows it on the line must be nothing.
                    var rest = Encoding.UTF8.GetString(_buffer.AsSpan((int)reader.BytesConsumed, _length - (int)reader.BytesConsumed));
                    _length = 0;
                    return string.IsNullOrWhiteSpace(rest) ? null : "text after the end of a JSON document";
                }
            }
            int consumed = (int)reader.BytesConsumed;
            _buffer.AsSpan(consumed, _length - consumed).CopyTo(_buffer);
            _length -= consumed;
            _state = reader.CurrentState;
            // Only an unfinished token stays in the buffer; give back what a long line made it grow to.
            if (_buffer.Length > 65_536 && _length < 4096) Array.Resize(ref _buffer, 4096);
            return null;
        }
        catch (JsonException e)
        {
            _inDocument = false;
            _length = 0;
            // The reader's own position counts from where it was started, not the file's lines: the line number is ours.
            var message = e.Message;
            int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"not valid JSON: {(at > 0 ? message[..at] : message)}";
        }
    }

    /// <summary>At the end of the text: an unfinished document is an error.</summary>
    public string? End()
    {
        _rounds.EndAll();
        return _inDocument ? "the input ends inside a JSON document" : null;
    }

    private VipRounds? For(Ipv4Address vip) => reading.Wants(vip) ? _rounds.For(vip) : null;

    private void StartDocument()
    {
        _inDocument = true;
        _length = 0;
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        Array.Clear(_names);
        _shape = Shape.Unknown;
        _vip = null;
        _probesSent = -1;
        _openProbe = 0;
        _documentTime = _stamp;
        _stamp = null;
    }

    private DateTimeOffset? ProbeTime(long probe) => _documentTime is { } t ? t + ProbeInterval * (probe - 1) : null;

    private string? Token(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        string? name = depth is > 0 and < MaxDepth ? _names[depth] : null;
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                if (depth < MaxDepth) _names[depth] = reader.GetString();
                return null;
            case JsonTokenType.StartArray:
                if (depth == 1 && name == "results")
                {
                    if (_shape == Shape.Probe) return "a document with both 'vip' and 'results'";
                    _shape = Shape.Scan;
                }
                return null;
            case JsonTokenType.StartObject:
                if (depth == 2 && _names[1] == "replies" && _shape == Shape.Probe)
                {
                    _replyProbe = 0;
                    _replyMac = null;
                    _replyRtt = 0;
                }
                else if (depth == 2 && _names[1] == "replies") return "probe replies before the probe's 'vip'";
                else if (depth == 2 && _shape == Shape.Scan)
                {
                    _resultVip = null;
                    _resultVipSeen = _resultAnswered = false;
                }
                else if (depth == 4 && _shape == Shape.Scan && _names[3] == "responders")
                {
                    _responderMac = null;
                    _responderReplies = 1;
                }
                return null;
            case JsonTokenType.EndObject:
                if (depth == 0) return EndDocument();
                if (depth == 2 && _names[1] == "replies" && _shape == Shape.Probe) return EndReply();
                if (depth == 2 && _shape == Shape.Scan) return EndResult();
                if (depth == 4 && _shape == Shape.Scan && _names[3] == "responders") return EndResponder();
                return null;
            case JsonTokenType.String or JsonTokenType.Number:
                return Value(ref reader, depth, name);
            default:
                return null;
        }
    }

    private string? Value(ref Utf8JsonReader reader, int depth, string? name)
    {
        bool isString = reader.TokenType == JsonTokenType.String;
        if (depth == 1 && name == "vip")
        {
            if (_shape == Shape.Scan) return "a document with both 'vip' and 'results'";
            if (!isString || !Ipv4Address.TryParse(reader.GetString(), out var vip)) return "'vip' is not an IPv4 address";
            _shape = Shape.Probe;
            _vip = For(vip);
        }
        else if (depth == 1 && name == "probesSent")
        {
            if (isString || !reader.TryGetInt64(out var sent) || sent is < 0 or > MaxProbes) return $"'probesSent' is not a count from 0 to {MaxProbes}";
            _probesSent = sent;
        }
        else if (depth == 3 && _shape == Shape.Probe && _names[1] == "replies")
        {
            switch (name)
            {
                case "probe" when !isString && reader.TryGetInt32(out var probe) && probe >= 1: _replyProbe = probe; break;
                case "probe": return "a reply's 'probe' is not a probe number";
                case "mac" when isString && MacAddress.TryParse(reader.GetString(), out var mac): _replyMac = mac; break;
                case "mac": return "a reply's 'mac' is not a MAC address";
                case "rttMs" when !isString && reader.TryGetDouble(out var rtt) && rtt >= 0 && rtt < 3_600_000: _replyRtt = rtt; break;
                case "rttMs": return "a reply's 'rttMs' is not a round trip in milliseconds";
            }
        }
        else if (depth == 3 && _shape == Shape.Scan && name == "vip")
        {
            if (!isString || !Ipv4Address.TryParse(reader.GetString(), out var vip)) return "a result's 'vip' is not an IPv4 address";
            _resultVipSeen = true;
            _resultVip = For(vip);
        }
        else if (depth == 5 && _shape == Shape.Scan && _names[3] == "responders")
        {
            switch (name)
            {
                case "mac" when isString && MacAddress.TryParse(reader.GetString(), out var mac): _responderMac = mac; break;
                case "mac": return "a responder's 'mac' is not a MAC address";
                case "replies" when !isString && reader.TryGetInt64(out var replies) && replies >= 1: _responderReplies = replies; break;
                case "replies": return "a responder's 'replies' is not a count";
            }
        }
        return null;
    }

    private string? EndReply()
    {
        if (_replyProbe == 0 || _replyMac is not { } mac) return "a reply without 'probe' and 'mac'";
        if (_replyProbe < _openProbe) return $"a reply to probe {_replyProbe} after replies to probe {_openProbe} (replies are listed in arrival order)";
        if (_vip is not { } acc) return null;
        while (_openProbe < _replyProbe) acc.BeginProbe(ProbeTime(++_openProbe));
        var probeTime = ProbeTime(_replyProbe);
        acc.Reply(mac, probeTime is { } t ? t + TimeSpan.FromMilliseconds(_replyRtt) : null);
        return null;
    }

    private string? EndResponder()
    {
        if (!_resultVipSeen) return "a scan result's responders before its 'vip'";
        if (_responderMac is not { } mac) return "a responder without 'mac'";
        if (_resultVip is not { } acc) return null;
        if (!_resultAnswered) acc.BeginProbe(_documentTime);
        _resultAnswered = true;
        for (long i = 0; i < Math.Min(_responderReplies, MaxRepliesPerResponder); i++) acc.Reply(mac, _documentTime);
        return null;
    }

    private string? EndResult()
    {
        if (!_resultVipSeen) return "a scan result without 'vip'";
        if (_resultVip is not { } acc) return null;
        if (!_resultAnswered) acc.BeginProbe(_documentTime);
        acc.EndProbe();
        return null;
    }

    private string? EndDocument()
    {
        _inDocument = false;
        Documents++;
        switch (_shape)
        {
            case Shape.Unknown:
                return "a JSON document that is neither 'arpdoctor probe -o json' nor 'arpdoctor scan -o json' output (no 'vip' or 'results')";
            case Shape.Probe:
                if (_probesSent < 0) return "a probe document without 'probesSent'";
                if (_openProbe > _probesSent) return $"replies to probe {_openProbe} of {_probesSent} sent";
                if (_vip is { } acc)
                {
                    while (_openProbe < _probesSent) acc.BeginProbe(ProbeTime(++_openProbe));
                    acc.EndProbe();
                }
                return null;
            default:
                return null;
        }
    }
}
