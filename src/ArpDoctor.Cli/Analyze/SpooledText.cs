using System.Text;
using ArpDoctor.Core.Evidence;

namespace ArpDoctor.Cli.Analyze;

/// <summary>
/// Text that arrives once (standard input, a named pipe) read through this stream, which copies every byte to a
/// temporary file as it passes, so that the text can be read again run by run where its clock goes back
/// (<see cref="SourceMerge"/>) without holding it in memory. The copy is deleted when this is disposed. When the copy
/// cannot be written (a full disk), reading it again is an <see cref="IOException"/>: never a part taken for the whole.
/// </summary>
internal sealed class SpooledText : Stream, IRereadableText
{
    private readonly Stream _input;
    private readonly string _path;
    private readonly FileStream _copy;
    private bool _lost;

    private SpooledText(Stream input, string path, FileStream copy)
    {
        _input = input;
        _path = path;
        _copy = copy;
    }

    /// <summary>The input copied as it is read; null when no temporary file can be made (then it is read once).</summary>
    public static SpooledText? TryOver(Stream input)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"arpdoctor-{Guid.NewGuid():N}.txt");
            var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            return new SpooledText(input, path, copy);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public TextReader Open()
    {
        Flush();
        if (_lost) throw new IOException($"the copy of the input in {Path.GetDirectoryName(_path)} could not be written (is the disk full?)");
        var copy = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(copy, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = _input.Read(buffer, offset, count);
        if (_lost) return n;
        try
        {
            if (n > 0) _copy.Write(buffer, offset, n);
            else _copy.Flush();
        }
        catch (IOException)
        {
            // A full disk: the text is still read this once; reading it again says so.
            _lost = true;
        }
        return n;
    }

    public override void Flush()
    {
        if (_lost) return;
        try
        {
            _copy.Flush();
        }
        catch (IOException)
        {
            _lost = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            try
            {
                _copy.Dispose();
            }
            catch (IOException)
            {
                // Flushing the last bytes of a copy no longer needed.
            }
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
