using System.Buffers.Binary;

namespace CommitmentBot.Teams.Tests.Manifest;

/// <summary>
/// The facts a PNG states in its first chunk (IHDR), which the PNG specification requires to come straight after
/// the 8-byte signature: 4-byte length (13), "IHDR", width and height (big-endian), bit depth, colour type.
/// </summary>
internal readonly record struct PngHeader(int Width, int Height, byte BitDepth, byte ColorType)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Colour types 4 (grey with alpha) and 6 (RGB with alpha) carry an alpha channel.</summary>
    public bool HasAlpha => ColorType is 4 or 6;

    public static PngHeader Read(ReadOnlySpan<byte> png)
    {
        Assert.True(png.Length >= 8 + 8 + 13, $"{png.Length} bytes are too few for a PNG");
        Assert.True(png[..8].SequenceEqual(Signature), "no PNG signature");
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png[8..]));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png[12..16]));
        var data = png[16..29];
        return new PngHeader(
            BinaryPrimitives.ReadInt32BigEndian(data),
            BinaryPrimitives.ReadInt32BigEndian(data[4..]),
            data[8],
            data[9]);
    }
}
