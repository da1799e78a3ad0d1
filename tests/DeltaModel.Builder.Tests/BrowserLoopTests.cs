using DeltaModel.Application;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace DeltaModel.Builder.Tests;

/// <summary>
/// The page in a real browser (Debian's headless Chromium through its chromedriver; nothing is downloaded): open an
/// experiment, change the physics model and a dynamic parameter, see a bad value's error come and go, save, run a
/// 1-epoch tiny experiment with live progress and its results, and compare two runs. With
/// <c>DELTAMODEL_SCREENSHOTS=&lt;folder&gt;</c> it saves the main views there (docs/gui.md shows them).
/// </summary>
public sealed class BrowserLoopTests
{
    static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public async Task Open_edit_check_save_run_and_compare()
    {
        HeadlessChromium.SkipUnlessInstalled();
        await using var workspace = await BuilderWorkspace.Start();
        using var browser = HeadlessChromium.Start();
        var wait = new PageWait(browser, TimeSpan.FromSeconds(30));
        void Shot(string name) => HeadlessChromium.Screenshot(browser, name);
        string Yaml() => (string)((IJavaScriptExecutor)browser).ExecuteScript("return document.getElementById('yaml').value;")!;
        IWebElement By(string id) => browser.FindElement(OpenQA.Selenium.By.Id(id));

        // Open: the workspace's experiments, then the tiny one.
        browser.Navigate().GoToUrl(workspace.Server.Url);
        wait.Until(_ => browser.FindElements(OpenQA.Selenium.By.CssSelector($"button[aria-label='Open {BuilderWorkspace.Experiment}']")).Count == 1);
        Shot("experiments");
        browser.FindElement(OpenQA.Selenium.By.CssSelector($"button[aria-label='Open {BuilderWorkspace.Experiment}']")).Click();
        wait.Until(_ => By("validity").Text == "valid");
        Assert.True(By("dyn-parBETA").Selected);

        // Change the physics model (the parameter table follows) and tick a dynamic parameter.
        var physics = By("f-model__physics__name");
        ((IJavaScriptExecutor)browser).ExecuteScript("arguments[0].value = 'hbv_1_1p'; arguments[0].dispatchEvent(new Event('change'));", physics);
        wait.Until(_ => Yaml().Contains("name: hbv_1_1p") && By("validity").Text == "valid");
        By("dyn-parK0").Click();
        wait.Until(_ => Yaml().Contains("[parBETA, parK0]"));
        Assert.Contains(BuilderWorkspace.Header, Yaml());   // the comments survive form edits

        // A bad value: the runner's error with its line appears, and goes when fixed.
        var epochs = By("f-train__epochs");
        epochs.Clear();
        epochs.SendKeys("0" + Keys.Tab);
        wait.Until(_ => By("errors").Text.Contains("train.epochs"));
        int line = Yaml().Split('\n').ToList().FindIndex(l => l.Contains("epochs: 0")) + 1;
        Assert.Contains($"line {line}:", By("errors").Text);
        Shot("editor-error");
        epochs.Clear();
        epochs.SendKeys("1" + Keys.Tab);
        wait.Until(_ => By("validity").Text == "valid" && By("errors").Text.Length == 0);
        By("whatif").Click();
        wait.Until(_ => By("whatif-text").Text.Length > 0);
        Shot("editor");

        // Save: the file on disk is the page's text, and `deltamodel run` accepts it unchanged.
        By("save").Click();
        var file = Path.Combine(workspace.Root, BuilderWorkspace.Experiment);
        wait.Until(_ => File.ReadAllText(file) == Yaml());
        Assert.StartsWith(BuilderWorkspace.Header, File.ReadAllText(file));
        Assert.Equal("hbv_1_1p", RunPlan.FromFile(file, new RunOverrides()).Config.Model.Physics!.Name);

        // Run with live progress, then the results.
        Run(browser, By);
        Shot("results");
        Assert.True(browser.FindElements(OpenQA.Selenium.By.CssSelector("#metrics tbody tr")).Count == 2);
        Assert.Contains("nse", By("metrics").Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(browser.FindElements(OpenQA.Selenium.By.CssSelector("#loss-chart circle, #loss-chart polyline")));   // 1 epoch: a point
        Assert.Equal(2, browser.FindElements(OpenQA.Selenium.By.CssSelector("#hydro-chart polyline")).Count);              // observed and simulated
        By("nav-experiments").Click();
        // The list shows its last results: when it finished, median NSE and KGE.
        wait.Until(_ => System.Text.RegularExpressions.Regex.IsMatch(By("experiments").Text,
            @"experiments/tiny/experiment\.yaml \d{4}-\d\d-\d\d\S* -?\d+\.\d{3} -?\d+\.\d{3}"));

        // A second experiment from the first as template, run, and the two compared.
        By("nav-experiments").Click();
        wait.Until(_ => By("new-template").FindElements(OpenQA.Selenium.By.TagName("option")).Count > 0);
        By("new-name").SendKeys("tiny2");
        By("new-create").Click();
        wait.Until(_ => By("editor-path").Text == "experiments/tiny2/experiment.yaml" && By("validity").Text == "valid");
        var hidden = By("f-model__nn__hidden_size");
        hidden.Clear();
        hidden.SendKeys("4" + Keys.Tab);
        wait.Until(_ => Yaml().Contains("hidden_size: 4") && By("validity").Text == "valid");
        Run(browser, By);
        By("nav-compare").Click();
        wait.Until(_ => By("compare-b").FindElements(OpenQA.Selenium.By.TagName("option")).Count == 2);
        By("compare").Click();
        wait.Until(_ => By("compare-table").Text.Contains("model.nn.hidden_size"));
        Assert.Contains("median nse", By("compare-table").Text);
        Shot("compare");
    }

    /// <summary>Runs the open experiment to its results (the run view's screenshot is RunCancelBrowserTests', whose run lasts long enough).</summary>
    static void Run(ChromeDriver browser, Func<string, IWebElement> By)
    {
        By("run").Click();
        var wait = new PageWait(browser, RunLimit);
        bool sawEpoch = false;
        // textContent, not Text: the page moves on to the results when the run ends, hiding the run view.
        string Content(string id) => By(id).GetDomProperty("textContent") ?? "";
        wait.Until(_ =>
        {
            sawEpoch |= Content("progress").Contains("epoch 1/1");
            var state = Content("run-state");
            if (state.StartsWith("failed", StringComparison.Ordinal)) throw new Xunit.Sdk.XunitException($"the run failed: {state}\n{Content("run-log")}");
            return state == "finished";
        });
        Assert.True(sawEpoch || Content("run-log").Contains("epoch"), $"no epoch progress was shown:\n{Content("run-log")}");
        new PageWait(browser, TimeSpan.FromSeconds(30)).Until(_ => By("view-results").Displayed && By("metrics").Text.Length > 0);
    }
}
