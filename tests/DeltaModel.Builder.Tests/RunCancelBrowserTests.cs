using DeltaModel.Core.Outputs;
using OpenQA.Selenium;

namespace DeltaModel.Builder.Tests;

/// <summary>The page's Cancel button in headless Chromium: the run stops in epoch 2 and epoch 1's checkpoint stays.</summary>
public sealed class RunCancelBrowserTests
{
    [SkippableFact]
    public async Task Cancel_on_the_page_ends_the_run_as_cancelled_keeping_the_last_epochs_checkpoint()
    {
        HeadlessChromium.SkipUnlessInstalled();
        await using var workspace = await BuilderWorkspace.Start();
        File.WriteAllText(Path.Combine(workspace.Root, BuilderWorkspace.Experiment), BuilderWorkspace.TinyExperiment()
            .Replace("epochs: 1", "epochs: 3\n  save_every: 1").Replace("iterations_per_epoch: 3", "iterations_per_epoch: 150"));
        using var browser = HeadlessChromium.Start();
        var wait = new PageWait(browser, TimeSpan.FromMinutes(3));
        IWebElement Id(string id) => browser.FindElement(By.Id(id));

        browser.Navigate().GoToUrl(workspace.Server.Url);
        var open = By.CssSelector($"button[aria-label='Open {BuilderWorkspace.Experiment}']");
        wait.Until(_ => browser.FindElements(open).Count == 1);
        browser.FindElement(open).Click();
        wait.Until(_ => Id("validity").Text == "valid");
        Id("run").Click();
        wait.Until(_ => Id("progress").Text.Contains("epoch 2/3", StringComparison.Ordinal));
        HeadlessChromium.Screenshot(browser, "run");
        Id("cancel").Click();
        wait.Until(_ => Id("run-state").Text == "cancelled");

        var folder = new RunFolder(Path.Combine(workspace.Root, "experiments", "tiny", "out"));
        Assert.True(File.Exists(folder.ResumeCheckpoint), "the checkpoint of the finished epoch is gone");
        Assert.False(File.Exists(folder.Results));
        Assert.False(Id("cancel").Enabled);
    }
}
