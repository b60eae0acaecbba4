namespace ResNeXtLib.Data;

/// <summary>Progress of one file download.</summary>
/// <param name="FileName">Name of the file being downloaded.</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">Size announced by the server (Content-Length), or null when it sent none.</param>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes);
