namespace ResNeXtLib.Data;

/// <summary>How <see cref="ImageFolder.Load"/> converts the images of a folder tree.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>Height in pixels that every image is resized to; 1 to 4,096.</summary>
    public int Height { get; init; } = FashionMnist.ImageSize;

    /// <summary>Width in pixels that every image is resized to; 1 to 4,096.</summary>
    public int Width { get; init; } = FashionMnist.ImageSize;

    /// <summary>Channels of the result: 1 converts to grey, 3 keeps red, green and blue. Match the model's <c>InputChannels</c>.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Where skipped files and the summary are logged; <see cref="Console.Out"/> when null.</summary>
    public TextWriter? Log { get; init; }
}
