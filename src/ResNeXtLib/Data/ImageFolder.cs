using System.Globalization;
using SkiaSharp;

namespace ResNeXtLib.Data;

/// <summary>
/// Reads a labelled image data set stored as one sub-folder per class (<c>root/cat/1.jpg</c>, <c>root/dog/7.png</c>),
/// the layout that Keras' <c>image_dataset_from_directory</c> and torchvision's <c>ImageFolder</c> read.
/// </summary>
/// <remarks>
/// JPEG and PNG files (extensions .jpg, .jpeg and .png in any case) are decoded with SkiaSharp, resized to the
/// requested size without keeping the aspect ratio, and converted to grey or RGB; other files are ignored. Classes are
/// the sub-folders in ordinal name order, and files within a class are read in ordinal name order, so the same tree
/// always gives the same set.
/// </remarks>
public static class ImageFolder
{
    /// <summary>The largest number of classes, because <see cref="ImageSet"/> stores a label in one byte.</summary>
    public const int MaxClasses = 256;

    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <summary>Reads every class folder under <paramref name="root"/>; an unreadable image is logged, listed in <see cref="ImageFolderData.Skipped"/> and skipped.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    /// <exception cref="InvalidDataException"><paramref name="root"/> has no class folders, more than <see cref="MaxClasses"/>, or a class folder has no readable JPEG or PNG image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ImageFolderData Load(string root, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        Validate(options);
        var log = options.Log ?? Console.Out;

        string fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"Image folder not found: {fullRoot}. Pass the folder that contains one sub-folder per class.");
        }

        // Hidden folders such as Jupyter's .ipynb_checkpoints are not classes.
        string[] classFolders = Directory.GetDirectories(fullRoot)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (classFolders.Length == 0)
        {
            throw new InvalidDataException(
                $"The image folder {fullRoot} has no sub-folders, so it has no classes. Put the images of each class in a sub-folder named after the class, for example {Path.Combine(fullRoot, "cat", "1.jpg")}.");
        }

        if (classFolders.Length > MaxClasses)
        {
            throw new InvalidDataException($"The image folder {fullRoot} has {classFolders.Length} class folders; at most {MaxClasses} are supported.");
        }

        int imageBytes = options.Channels * options.Height * options.Width;
        var pixels = new List<byte[]>();
        var labels = new List<byte>();
        var files = new List<string>();
        var skipped = new List<SkippedImage>();
        int ignored = 0;
        for (int label = 0; label < classFolders.Length; label++)
        {
            // Files of other types and anything in nested folders are not read; they are counted in the summary line.
            ignored += Directory.GetFileSystemEntries(classFolders[label], "*", SearchOption.AllDirectories)
                .Count(entry => File.Exists(entry)
                    && (Path.GetDirectoryName(entry) != classFolders[label]
                        || !Extensions.Contains(Path.GetExtension(entry), StringComparer.OrdinalIgnoreCase)));
            string[] candidates = Directory.GetFiles(classFolders[label])
                .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (candidates.Length == 0)
            {
                throw new InvalidDataException(
                    $"The class folder {classFolders[label]} has no JPEG or PNG image (.jpg, .jpeg or .png). Add images to it or remove the folder.");
            }

            int readable = 0;
            foreach (string file in candidates)
            {
                var buffer = new byte[imageBytes];
                string? problem = TryDecode(file, options, buffer);
                if (problem is not null)
                {
                    skipped.Add(new SkippedImage(file, problem));
                    log.WriteLine($"Skipped {file}: {problem}.");
                    continue;
                }

                pixels.Add(buffer);
                labels.Add((byte)label);
                files.Add(file);
                readable++;
            }

            if (readable == 0)
            {
                throw new InvalidDataException(
                    $"The class folder {classFolders[label]} has {candidates.Length} image file(s) but none could be decoded (the log lists them). Replace the files with valid JPEG or PNG images.");
            }
        }

        var images = new ImageSet(pixels.SelectMany(p => p).ToArray(), labels.ToArray(), options.Channels, options.Height, options.Width);
        var classNames = classFolders.Select(folder => Path.GetFileName(folder)).ToArray();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Read {images.Count:N0} images in {classNames.Length} classes ({string.Join(", ", classNames)}) from {fullRoot}, resized to {options.Channels}x{options.Height}x{options.Width}; skipped {skipped.Count} unreadable file(s); ignored {ignored} file(s) that are not .jpg, .jpeg or .png directly in a class folder."));
        return new ImageFolderData(fullRoot, images, classNames, files, skipped);
    }

    /// <summary>Decodes <paramref name="file"/> into <paramref name="destination"/> in [C, H, W] order. Returns why decoding failed, or null on success.</summary>
    private const long MaxSourcePixels = 100_000_000;

    private static string? TryDecode(string file, ImageFolderOptions options, byte[] destination)
    {
        using var codec = SKCodec.Create(file, out SKCodecResult opened);
        if (codec is null)
        {
            return $"SkiaSharp could not decode it ({opened})";
        }

        long sourcePixels = (long)codec.Info.Width * codec.Info.Height;
        if (sourcePixels > MaxSourcePixels)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"it declares {codec.Info.Width}x{codec.Info.Height} pixels, more than the {MaxSourcePixels / 1_000_000} megapixels this loader decodes; shrink it first");
        }

        var sourceInfo = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap();
        if (!decoded.TryAllocPixels(sourceInfo))
        {
            return string.Create(CultureInfo.InvariantCulture, $"there is not enough memory to decode its {codec.Info.Width}x{codec.Info.Height} pixels");
        }

        SKCodecResult result = codec.GetPixels(sourceInfo, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return $"SkiaSharp could not decode all of it ({result}); the file may be truncated";
        }

        var targetInfo = new SKImageInfo(options.Width, options.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // SKFilterQuality is the SkiaSharp 2.88 API. TorchSharp 0.107.0 depends on SkiaSharp 2.88.6, so that is the
        // version a notebook kernel loads, and a call that exists only in SkiaSharp 3 fails there with TypeLoadException.
        using var resized = decoded.Resize(targetInfo, SKFilterQuality.Medium);
        if (resized is null)
        {
            return $"SkiaSharp could not resize it from {codec.Info.Width}x{codec.Info.Height} to {options.Width}x{options.Height}";
        }

        ReadOnlySpan<byte> rgba = resized.GetPixelSpan();
        int plane = options.Height * options.Width;
        for (int i = 0; i < plane; i++)
        {
            byte red = rgba[4 * i];
            byte green = rgba[4 * i + 1];
            byte blue = rgba[4 * i + 2];
            if (options.Channels == 1)
            {
                // ITU-R BT.601 luma weights, the ones PIL uses for its "L" (grey) conversion. Alpha is ignored.
                destination[i] = (byte)((299 * red + 587 * green + 114 * blue + 500) / 1000);
            }
            else
            {
                destination[i] = red;
                destination[plane + i] = green;
                destination[2 * plane + i] = blue;
            }
        }

        return null;
    }

    private static void Validate(ImageFolderOptions options)
    {
        if (options.Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Channels,
                $"ImageFolderOptions.Channels is {options.Channels}; use 1 for grey or 3 for RGB, the model's InputChannels.");
        }

        if (options.Height is < 1 or > 4096 || options.Width is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{options.Height}x{options.Width}",
                $"ImageFolderOptions.Height and Width are {options.Height} and {options.Width}; use whole numbers from 1 to 4,096, for example the model's InputSize.");
        }
    }
}
