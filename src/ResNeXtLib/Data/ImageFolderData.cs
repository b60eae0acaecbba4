namespace ResNeXtLib.Data;

/// <summary>The images read by <see cref="ImageFolder.Load"/>, with the class names and the files that were skipped.</summary>
/// <param name="Root">The full path of the folder that was read.</param>
/// <param name="Images">The images, class after class, in the order of <see cref="Files"/>; label i is <c>ClassNames[i]</c>.</param>
/// <param name="ClassNames">The sub-folder names in ordinal order; a class index is a position in this list.</param>
/// <param name="Files">The full path of each image in <see cref="Images"/>, in the same order.</param>
/// <param name="Skipped">The image files that could not be decoded, with the reason.</param>
public sealed record ImageFolderData(
    string Root,
    ImageSet Images,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> Files,
    IReadOnlyList<SkippedImage> Skipped);

/// <summary>An image file that <see cref="ImageFolder.Load"/> skipped.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Reason">Why it was skipped, for example "SkiaSharp could not decode it (InvalidInput)".</param>
public sealed record SkippedImage(string Path, string Reason);
