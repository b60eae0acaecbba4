using SkiaSharp;

namespace ResNeXtLib.Data;

/// <summary>Writes images of an <see cref="ImageSet"/> as PNG files, for example to build a folder for <see cref="ImageFolder.Load"/>.</summary>
public static class ImageFiles
{
    /// <summary>Writes image <paramref name="index"/> of <paramref name="set"/> (grey or RGB) to <paramref name="path"/> as a PNG file.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an image of the set.</exception>
    public static void SavePng(ImageSet set, int index, string path)
    {
        ReadOnlySpan<byte> pixels = set.GetImage(index);
        int plane = set.Height * set.Width;
        using var bitmap = new SKBitmap(new SKImageInfo(set.Width, set.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var rgba = new byte[4 * plane];
        for (int i = 0; i < plane; i++)
        {
            // An ImageSet stores planes in [C, H, W] order; a grey image repeats its one plane in red, green and blue.
            rgba[4 * i] = pixels[i];
            rgba[4 * i + 1] = set.Channels == 3 ? pixels[plane + i] : pixels[i];
            rgba[4 * i + 2] = set.Channels == 3 ? pixels[2 * plane + i] : pixels[i];
            rgba[4 * i + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        encoded.SaveTo(file);
    }
}
