using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using SkiaSharp;
using TorchSharp;

namespace ResNeXtLib.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class ImageFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("resnext-images-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string WriteImage(string className, string fileName, SKColor color, int width = 40, int height = 30)
    {
        string folder = Path.Combine(root, className);
        Directory.CreateDirectory(folder);
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        var format = fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = image.Encode(format, 95);
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>apple: a red PNG and a red JPEG; banana: a blue PNG, a corrupt PNG, a truncated JPEG and a text file.</summary>
    private (string Corrupt, string Truncated) WriteTree()
    {
        WriteImage("apple", "a.png", SKColors.Red);
        WriteImage("apple", "b.jpg", SKColors.Red);
        WriteImage("banana", "c.PNG", SKColors.Blue);
        string corrupt = Path.Combine(root, "banana", "broken.png");
        File.WriteAllBytes(corrupt, [.. "not an image at all"u8]);
        string truncated = WriteImage("banana", "d.jpeg", SKColors.Blue, width: 64, height: 64);
        byte[] bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        File.WriteAllText(Path.Combine(root, "banana", "notes.txt"), "ignored");
        return (corrupt, truncated);
    }

    [Fact]
    public void Load_Grey_ResizesLabelsAndSkipsUnreadable()
    {
        var (corrupt, truncated) = WriteTree();
        var log = new StringWriter();

        var data = ImageFolder.Load(root, new ImageFolderOptions { Height = 28, Width = 28, Channels = 1, Log = log });

        Assert.Equal(new[] { "apple", "banana" }, data.ClassNames);
        Assert.Equal(3, data.Images.Count);
        Assert.Equal(1, data.Images.Channels);
        Assert.Equal(28, data.Images.Height);
        Assert.Equal(new byte[] { 0, 0, 1 }, data.Images.Labels.ToArray());
        Assert.Equal(new[] { "a.png", "b.jpg", "c.PNG" }, data.Files.Select(Path.GetFileName));

        // Grey = 0.299 R + 0.587 G + 0.114 B: red 255 gives 76, blue 255 gives 29; JPEG may shift a few levels.
        Assert.All(data.Images.GetImage(0).ToArray(), value => Assert.Equal(76, value));
        Assert.All(data.Images.GetImage(1).ToArray(), value => Assert.InRange(value, 70, 82));
        Assert.All(data.Images.GetImage(2).ToArray(), value => Assert.Equal(29, value));

        Assert.Equal(new[] { corrupt, truncated }, data.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.Contains($"Skipped {corrupt}: SkiaSharp could not decode it", log.ToString());
        Assert.Contains($"Skipped {truncated}:", log.ToString());
        Assert.Contains("Read 3 images in 2 classes (apple, banana)", log.ToString());
        Assert.Contains("skipped 2 unreadable file(s); ignored 1 file(s) that are not .jpg, .jpeg or .png", log.ToString());
    }

    [Fact]
    public void Load_Rgb_KeepsChannelPlanes()
    {
        WriteTree();

        var data = ImageFolder.Load(root, new ImageFolderOptions { Height = 8, Width = 12, Channels = 3, Log = TextWriter.Null });

        Assert.Equal(3, data.Images.Channels);
        Assert.Equal(3 * 8 * 12, data.Images.PixelsPerImage);
        var red = data.Images.GetImage(0);
        Assert.All(red[..96].ToArray(), value => Assert.Equal(255, value));
        Assert.All(red[96..].ToArray(), value => Assert.Equal(0, value));
        var blue = data.Images.GetImage(2);
        Assert.All(blue[..192].ToArray(), value => Assert.Equal(0, value));
        Assert.All(blue[192..].ToArray(), value => Assert.Equal(255, value));
        Assert.Equal("3 images of 3x8x12", data.Images.ToString());
    }

    [Fact]
    public void Load_EmptyClassFolder_NamesFolder()
    {
        WriteImage("apple", "a.png", SKColors.Red);
        string empty = Path.Combine(root, "banana");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "no images here");

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(root, new ImageFolderOptions { Log = TextWriter.Null }));

        Assert.Contains($"The class folder {empty} has no JPEG or PNG image", error.Message);
    }

    [Fact]
    public void Load_OnlyUnreadableImages_NamesFolder()
    {
        WriteImage("apple", "a.png", SKColors.Red);
        string folder = Path.Combine(root, "banana");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "x.jpg"), new byte[100]);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(root, new ImageFolderOptions { Log = TextWriter.Null }));

        Assert.Contains($"The class folder {folder} has 1 image file(s) but none could be decoded", error.Message);
    }

    [Fact]
    public void Load_NoClassFolders_NamesRoot()
    {
        File.WriteAllText(Path.Combine(root, "loose.png"), "x");

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(root, new ImageFolderOptions { Log = TextWriter.Null }));

        Assert.Contains($"The image folder {root} has no sub-folders", error.Message);
    }

    [Fact]
    public void Load_MissingRoot_NamesPath()
    {
        string missing = Path.Combine(root, "nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(missing));

        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData(2, 28, 28)]
    [InlineData(3, 0, 28)]
    public void Load_OptionOutOfRange_Rejected(int channels, int height, int width)
    {
        WriteTree();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ImageFolder.Load(root, new ImageFolderOptions { Channels = channels, Height = height, Width = width, Log = TextWriter.Null }));

        Assert.Contains("ImageFolderOptions.", error.Message);
    }

    [Fact]
    public void Load_RgbSet_TrainsWithTrainer()
    {
        for (int i = 0; i < 6; i++)
        {
            WriteImage("red", $"r{i}.png", new SKColor((byte)(200 + i * 5), 10, 10));
            WriteImage("green", $"g{i}.jpg", new SKColor(10, (byte)(200 + i * 5), 10));
        }

        var data = ImageFolder.Load(root, new ImageFolderOptions { Channels = 3, Log = TextWriter.Null });
        var (train, validation) = data.Images.SplitValidation(4, seed: 1);
        torch.manual_seed(1);
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall(numClasses: data.ClassNames.Count) with { InputChannels = 3 });
        using var trainer = new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 4 });

        using var batch = train.ToImageTensor();
        var history = trainer.Fit(train, validation);

        Assert.Equal(new long[] { 8, 3, 28, 28 }, batch.shape);
        var epoch = Assert.Single(history.Epochs);
        Assert.True(double.IsFinite(epoch.TrainLoss), $"train loss {epoch.TrainLoss}");
    }

    [Fact]
    public void Load_HugeDeclaredPng_SkippedByPath()
    {
        WriteImage("apple", "a.png", SKColors.Red);
        string huge = WriteImage("apple", "huge.png", SKColors.Red);

        // Rewrite the IHDR chunk to declare 30000x30000 pixels and fix its CRC, as a crafted or damaged file would.
        byte[] bytes = File.ReadAllBytes(huge);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16, 4), 30_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20, 4), 30_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29, 4), Crc32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(huge, bytes);
        var log = new StringWriter();

        var data = ImageFolder.Load(root, new ImageFolderOptions { Log = log });

        Assert.Equal(1, data.Images.Count);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(huge, skipped.Path);
        Assert.Contains("30000x30000", skipped.Reason);
        Assert.Contains($"Skipped {huge}:", log.ToString());
    }

    // CRC-32 as PNG chunks use it (polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF).
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void Load_HiddenFolder_NotAClass()
    {
        WriteImage("apple", "a.png", SKColors.Red);
        Directory.CreateDirectory(Path.Combine(root, ".ipynb_checkpoints"));

        var data = ImageFolder.Load(root, new ImageFolderOptions { Log = TextWriter.Null });

        Assert.Equal(new[] { "apple" }, data.ClassNames);
    }
}
