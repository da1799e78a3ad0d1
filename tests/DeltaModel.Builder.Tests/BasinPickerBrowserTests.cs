using OpenQA.Selenium;

namespace DeltaModel.Builder.Tests;

/// <summary>
/// The basin picker in headless Chromium: the dataset's basins listed with a count and drawn on the map, a filter,
/// a tick, and the ticked basins written to <c>data.basins</c> in the YAML, which stays valid; then a YAML edit
/// typed in the text updates the form.
/// </summary>
public sealed class BasinPickerBrowserTests
{
    [SkippableFact]
    public async Task Basins_are_listed_counted_mapped_filtered_ticked_and_written_to_the_yaml()
    {
        HeadlessChromium.SkipUnlessInstalled();
        await using var workspace = await BuilderWorkspace.Start();
        using var browser = HeadlessChromium.Start();
        var wait = new PageWait(browser, TimeSpan.FromSeconds(30));
        IWebElement Id(string id) => browser.FindElement(By.Id(id));
        string Yaml() => (string)browser.ExecuteScript("return document.getElementById('yaml').value;")!;

        browser.Navigate().GoToUrl(workspace.Server.Url);
        var open = By.CssSelector($"button[aria-label='Open {BuilderWorkspace.Experiment}']");
        wait.Until(_ => browser.FindElements(open).Count == 1);
        browser.FindElement(open).Click();
        wait.Until(_ => Id("validity").Text == "valid");

        Id("nav-basins").Click();
        wait.Until(_ => Id("basin-count").Text == "2 of 19 basins ticked");
        Assert.Equal(19, browser.FindElements(By.CssSelector("#basin-table tbody tr")).Count);
        Assert.Equal(19, browser.FindElements(By.CssSelector("#basin-map circle")).Count);
        Assert.Contains("Fish River near Fort Kent, Maine", Id("basin-table").Text);

        // Filter by name, tick a shown basin with the keyboard, then clear the filter: the tick stays.
        Id("basin-filter").SendKeys("Cherryfield");
        wait.Until(_ => browser.FindElements(By.CssSelector("#basin-table tbody tr")).Count == 1 && Id("basin-count").Text.EndsWith("1 shown", StringComparison.Ordinal));
        Id("basin-filter").SendKeys(Keys.Control + "a" + Keys.Control + "Kent");   // Clear() fires no input event
        wait.Until(_ => browser.FindElements(By.CssSelector("#basin-table tbody tr")).Count == 1);
        Id("basin-01013500").SendKeys(Keys.Space);   // untick
        wait.Until(_ => Id("basin-count").Text.StartsWith("1 of 19", StringComparison.Ordinal));
        Id("basin-filter").SendKeys(Keys.Control + "a" + Keys.Control + Keys.Backspace);
        wait.Until(_ => browser.FindElements(By.CssSelector("#basin-table tbody tr")).Count == 19);
        Id("basin-01333000").Click();
        browser.FindElement(By.CssSelector("#basin-map circle[data-basin='02046000']")).Click();   // a gauge on the map
        wait.Until(_ => Id("basin-count").Text == "3 of 19 basins ticked");
        HeadlessChromium.Screenshot(browser, "basins");

        Id("basins-apply").Click();
        wait.Until(_ => Yaml().Contains("basins: [01022500, 01333000, 02046000]"));
        Id("nav-editor").Click();
        wait.Until(_ => Id("validity").Text == "valid");
        Assert.Equal("01022500, 01333000, 02046000", Id("f-data__basins").GetDomProperty("value"));

        // And the other way: typing in the YAML updates the form.
        browser.ExecuteScript("const t = document.getElementById('yaml'); t.value = t.value.replace('hidden_size: 8', 'hidden_size: 16'); t.dispatchEvent(new Event('input'));");
        wait.Until(_ => Id("f-model__nn__hidden_size").GetDomProperty("value") == "16" && Id("validity").Text == "valid");
    }
}
