using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DeltaModel.Builder.Tests;

/// <summary>
/// Debian's Chromium driven headless through its chromedriver (nothing is downloaded), with the page at 1280×800.
/// With <c>DELTAMODEL_SCREENSHOTS=&lt;folder&gt;</c>, <see cref="Screenshot"/> saves views there (docs/gui.md shows them).
/// </summary>
static class HeadlessChromium
{
    const string Chromium = "/usr/bin/chromium";
    const string ChromeDriver = "/usr/bin/chromedriver";

    /// <summary>Skips the test, saying why, where the browser or its driver is not installed.</summary>
    public static void SkipUnlessInstalled() =>
        Skip.IfNot(File.Exists(Chromium) && File.Exists(ChromeDriver),
            $"{Chromium} and {ChromeDriver} are needed (apt-get install chromium chromium-driver; .ci/run installs them)");

    public static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800");
        var browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // --window-size counts the window's frame: make the page itself 1280×800, the size it is meant to be read at.
        var inner = (IReadOnlyCollection<object>)browser.ExecuteScript("return [window.innerWidth, window.innerHeight];")!;
        var (w, h) = (Convert.ToInt32(inner.First()), Convert.ToInt32(inner.Last()));
        browser.Manage().Window.Size = new System.Drawing.Size(1280 + (1280 - w), 800 + (800 - h));
        return browser;
    }

    public static void Screenshot(ChromeDriver browser, string name)
    {
        var folder = Environment.GetEnvironmentVariable("DELTAMODEL_SCREENSHOTS");
        if (folder is null) return;
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(Path.Combine(folder, $"{name}.png"));
    }
}
