using System.Diagnostics;

namespace DeltaModel.Builder;

/// <summary>Opens the page in the user's default browser, for <c>deltamodel gui</c> and <c>Start-DeltaBuilder</c> alike.</summary>
public static class DefaultBrowser
{
    /// <summary>Opens <paramref name="url"/>; null when it did, else why not (no browser here: the printed URL is enough).</summary>
    public static string? Open(string url)
    {
        try
        {
            Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })?.Dispose();
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"no browser could be opened ({e.Message}); open the URL instead.";
        }
    }
}
