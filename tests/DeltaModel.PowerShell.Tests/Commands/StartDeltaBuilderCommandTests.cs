using System.Net;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class StartDeltaBuilderCommandTests(ModuleSession session)
{
    [Fact]
    public async Task Starts_in_the_background_serves_the_page_with_its_token_and_stops()
    {
        var workspace = Directory.CreateDirectory(Path.Combine(session.Work, "builder-workspace")).FullName;
        var r = session.Run($"Start-DeltaBuilder -Workspace '{workspace}' -NoBrowser");
        r.AssertClean();
        var builder = r.Single<DeltaBuilder>();
        try
        {
            Assert.True(builder.Running);
            Assert.Equal(workspace, builder.Workspace);
            Assert.Equal(IPAddress.Loopback.ToString(), builder.Address.Host);
            using var http = new HttpClient();
            var page = await http.GetAsync(builder.Url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("experiment builder", await page.Content.ReadAsStringAsync());
            using var stranger = new HttpClient(new HttpClientHandler { UseCookies = false });   // without the cookie the page set
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(builder.Address)).StatusCode);

            session.Runspace.SessionStateProxy.SetVariable("b", builder);
            session.Run("$b | Stop-DeltaBuilder").AssertClean();
            Assert.False(builder.Running);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(builder.Url));
        }
        finally
        {
            builder.Stop();
        }
    }

    [Fact]
    public async Task Wait_serves_until_the_pipeline_is_stopped_as_by_CtrlC_then_stops_the_builder()
    {
        var workspace = Directory.CreateDirectory(Path.Combine(session.Work, "builder-wait")).FullName;
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = session.Runspace;
        ps.AddCommand("Start-DeltaBuilder").AddParameter("Workspace", workspace).AddParameter("NoBrowser").AddParameter("Wait");
        var output = new System.Management.Automation.PSDataCollection<System.Management.Automation.PSObject>();
        var invocation = ps.BeginInvoke<System.Management.Automation.PSObject, System.Management.Automation.PSObject>(null, output);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (output.Count == 0 && !invocation.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(output.Count == 1, $"{output.Count} objects written, not one");   // not Assert.Single: enumerating a PSDataCollection waits for the pipeline's end
        var builder = Assert.IsType<DeltaBuilder>(output[0].BaseObject);
        Assert.False(invocation.IsCompleted, "-Wait returned without being stopped");
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(builder.Url)).StatusCode);

        ps.Stop();   // what Ctrl+C does
        Assert.True(invocation.IsCompleted);
        Assert.False(builder.Running);
    }

    [Fact]
    public void A_workspace_that_does_not_exist_is_a_PathNotFound_error_naming_it()
    {
        var r = session.Run("Start-DeltaBuilder -Workspace ./no-such-folder -NoBrowser");
        Assert.Empty(r.Output);
        Assert.StartsWith("PathNotFound,", r.Error!.FullyQualifiedErrorId);
        Assert.Contains("no-such-folder", r.Error.Exception.Message);
    }
}
