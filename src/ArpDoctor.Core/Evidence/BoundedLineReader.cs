using System.Text;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Reads lines (LF, CRLF or CR) from a <see cref="TextReader"/> keeping at most <see cref="MaxLineLength"/>
/// characters of each: a file with one gigabyte-long line costs no more memory than a short one.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxLineLength = BoundedLineReader.DefaultMaxLineLength)
{
    public const int DefaultMaxLineLength = 64 * 1024;

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _position, _length;
    private bool _pendingCr;

    public int MaxLineLength { get; } = maxLineLength;
    /// <summary>Lines returned so far: the number of the last one.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its terminator; <c>null</c> at the end. <paramref name="truncated"/> when it was longer than the limit.</summary>
    public string? ReadLine(out bool truncated)
    {
        truncated = false;
        _line.Clear();
        bool any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0)
                {
                    if (!any) return null;
                    LineNumber++;
                    return _line.ToString();
                }
            }
            if (_pendingCr)
            {
                _pendingCr = false;
                if (_buffer[_position] == '\n') { _position++; continue; }
            }
            int start = _position;
            int end = _buffer.AsSpan(start, _length - start).IndexOfAny('\n', '\r');
            int stop = end < 0 ? _length : start + end;
            int room = MaxLineLength - _line.Length;
            int take = Math.Min(room, stop - start);
            if (take > 0) _line.Append(_buffer, start, take);
            if (stop - start > take) truncated = true;
            any = true;
            if (end < 0)
            {
                _position = _length;
                continue;
            }
            _position = stop + 1;
            if (_buffer[stop] == '\r') _pendingCr = true;
            LineNumber++;
            return _line.ToString();
        }
    }
}
