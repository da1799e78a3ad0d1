using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class SaveDeltaModelCommandTests(ModuleSession session)
{
    [Fact]
    public void Save_CopiesTheModel_AndNeverOverwritesSilently()
    {
        session.Trained.AssertClean();
        var destination = Path.Combine(session.Work, "saved", "lstm");

        var whatIf = session.Run($"$t | Save-DeltaModel -Destination '{destination}' -WhatIf");
        whatIf.AssertClean();
        Assert.False(Directory.Exists(destination));
        Assert.Contains("last.ckpt", whatIf.HostText);

        var saved = session.Run($"$t | Save-DeltaModel -Destination '{destination}'");
        saved.AssertClean();
        var model = saved.Single<TrainedDeltaModel>();
        Assert.Equal(destination, model.OutputPath);
        Assert.True(File.Exists(Path.Combine(destination, "model", "last.ckpt")));
        Assert.True(File.Exists(Path.Combine(destination, "config.resolved.yaml")));
        Assert.False(Directory.Exists(Path.Combine(destination, "simulate")));

        var stamp = File.GetLastWriteTimeUtc(Path.Combine(destination, "model", "last.ckpt"));
        var again = session.Run($"$t | Save-DeltaModel -Destination '{destination}'");
        Assert.Null(again.Terminating);
        Assert.NotEmpty(again.Errors);
        Assert.All(again.Errors, e => Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category));
        Assert.Empty(again.Output);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(destination, "model", "last.ckpt")));

        var forced = session.Run($"$t | Save-DeltaModel -Destination '{destination}' -Force");
        forced.AssertClean();
        Assert.Single(forced.Output);
    }
}
