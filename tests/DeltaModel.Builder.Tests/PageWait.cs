using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace DeltaModel.Builder.Tests;

/// <summary>Waits for a condition; on timeout the failure shows what the page said (message, problems, run state).</summary>
sealed class PageWait(ChromeDriver browser, TimeSpan limit)
{
    public void Until(Func<IWebDriver, bool> condition)
    {
        try
        {
            new WebDriverWait(browser, limit) { PollingInterval = TimeSpan.FromMilliseconds(100) }.Until(condition);
        }
        catch (WebDriverTimeoutException e)
        {
            string Text(string id) => browser.FindElements(OpenQA.Selenium.By.Id(id)).FirstOrDefault()?.GetDomProperty("textContent") ?? "";
            var logs = string.Join("\n", browser.Manage().Logs.GetLog(LogType.Browser).Select(l => l.Message));
            throw new Xunit.Sdk.XunitException($"{e.Message}\nmessage: {Text("message")}\nvalidity: {Text("validity")}\n" +
                $"problems: {Text("errors")}\nrun: {Text("run-state")} {Text("progress")}\nbasins: {Text("basin-count")}\nconsole: {logs}");
        }
    }
}
