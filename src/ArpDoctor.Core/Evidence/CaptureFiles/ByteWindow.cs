namespace ArpDoctor.Core.Evidence.CaptureFiles;

/// <summary>
/// The unread bytes of a stream, refilled in large reads, so a record or block is decoded in place from one span.
/// Memory does not grow with the stream: only with the largest record asked for at once (bounded by the caller).
/// </summary>
internal sealed class ByteWindow(Stream stream)
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;

    /// <summary>The stream offset of the first unread byte.</summary>
    public long Offset { get; private set; }

    /// <summary>The bytes read from the stream and not yet consumed.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Reads until at least <paramref name="count"/> bytes are in <see cref="Span"/>; false at the end of the stream before that.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count) return true;
        if (_buffer.Length - _start < count)
        {
            var target = count > _buffer.Length ? new byte[Math.Max(count, _buffer.Length * 2)] : _buffer;
            _buffer.AsSpan(_start, _end - _start).CopyTo(target);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }
        while (_end - _start < count)
        {
            int n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) return false;
            _end += n;
        }
        return true;
    }

    /// <summary>Consumes <paramref name="count"/> bytes (at most what <see cref="Ensure"/> made available).</summary>
    public void Advance(int count)
    {
        _start += count;
        Offset += count;
    }
}
