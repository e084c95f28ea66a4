namespace CommitmentBot.Teams.Manifest;

/// <summary>
/// Paints the app's two icons: a 192×192 colour icon (a white check mark in a ring on an accent
/// tile) and a 32×32 outline icon (the same ring and mark in white on transparent), as Teams asks.
/// Shapes are drawn by distance to lines and circles with 4×4 supersampling for smooth edges.
/// </summary>
public static class TeamsIconPainter
{
    public const string AccentColor = "#2B5797";

    /// <summary>The 192×192 colour icon as PNG.</summary>
    public static byte[] PaintColor() => Paint(192, background: true);

    /// <summary>The 32×32 outline icon as PNG.</summary>
    public static byte[] PaintOutline() => Paint(32, background: false);

    private static byte[] Paint(int size, bool background)
    {
        var rgba = new byte[size * size * 4];
        const int samples = 4;
        var (ar, ag, ab) = (0x2B, 0x57, 0x97);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var tile = 0;
                var mark = 0;
                for (var sy = 0; sy < samples; sy++)
                {
                    for (var sx = 0; sx < samples; sx++)
                    {
                        // Work in a unit square so both sizes share one drawing.
                        var u = (x + ((sx + 0.5) / samples)) / size;
                        var v = (y + ((sy + 0.5) / samples)) / size;
                        if (InRoundedSquare(u, v, 0.0, 0.18))
                        {
                            tile++;
                        }

                        if (InMark(u, v, background ? 0.045 : 0.07))
                        {
                            mark++;
                        }
                    }
                }

                var total = samples * samples;
                var i = ((y * size) + x) * 4;
                if (background)
                {
                    // White mark over the accent tile; outside the tile is transparent.
                    var m = mark / (double)total;
                    rgba[i] = (byte)Math.Round((ar * (1 - m)) + (255 * m));
                    rgba[i + 1] = (byte)Math.Round((ag * (1 - m)) + (255 * m));
                    rgba[i + 2] = (byte)Math.Round((ab * (1 - m)) + (255 * m));
                    rgba[i + 3] = (byte)Math.Round(255.0 * tile / total);
                }
                else
                {
                    rgba[i] = 255;
                    rgba[i + 1] = 255;
                    rgba[i + 2] = 255;
                    rgba[i + 3] = (byte)Math.Round(255.0 * mark / total);
                }
            }
        }

        return PngImage.Encode(size, size, rgba);
    }

    private static bool InRoundedSquare(double u, double v, double inset, double radius)
    {
        var min = inset + radius;
        var max = 1 - inset - radius;
        var dx = Math.Max(Math.Max(min - u, 0), u - max);
        var dy = Math.Max(Math.Max(min - v, 0), v - max);
        return (dx * dx) + (dy * dy) <= radius * radius;
    }

    private static bool InMark(double u, double v, double stroke)
    {
        // A ring around the centre …
        var distance = Math.Sqrt(((u - 0.5) * (u - 0.5)) + ((v - 0.5) * (v - 0.5)));
        if (Math.Abs(distance - 0.34) <= stroke / 2)
        {
            return true;
        }

        // … and a check mark inside it.
        return DistanceToSegment(u, v, 0.33, 0.52, 0.45, 0.64) <= stroke * 0.75
            || DistanceToSegment(u, v, 0.45, 0.64, 0.68, 0.38) <= stroke * 0.75;
    }

    private static double DistanceToSegment(double px, double py, double ax, double ay, double bx, double by)
    {
        var (dx, dy) = (bx - ax, by - ay);
        var t = Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        var (cx, cy) = (ax + (t * dx) - px, ay + (t * dy) - py);
        return Math.Sqrt((cx * cx) + (cy * cy));
    }
}
