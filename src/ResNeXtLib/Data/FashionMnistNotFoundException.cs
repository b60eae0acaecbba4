namespace ResNeXtLib.Data;

/// <summary>
/// Error raised when the Fashion-MNIST files are in none of the searched places and could not be downloaded.
/// </summary>
/// <remarks>The message lists every searched place in order and the ways to get the data.</remarks>
public sealed class FashionMnistNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Message with the searched places and the fixes.</param>
    /// <param name="searchedPlaces">Each searched place with the reason it was not used, in search order.</param>
    /// <param name="innerException">The download error, when a download was tried and failed.</param>
    public FashionMnistNotFoundException(string message, IReadOnlyList<string> searchedPlaces, Exception? innerException = null)
        : base(message, innerException)
    {
        SearchedPlaces = searchedPlaces;
    }

    /// <summary>Each searched place with the reason it was not used, in search order.</summary>
    public IReadOnlyList<string> SearchedPlaces { get; }
}
