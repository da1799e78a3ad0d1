using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DeltaModel.Builder.Tests;

/// <summary>The builder refuses whoever does not hold the start's token, paths outside the workspace, and non-loopback binds.</summary>
public sealed class ServerSecurityTests : IAsyncLifetime
{
    BuilderWorkspace workspace = null!;
    readonly HttpClient http = new();

    public async Task InitializeAsync() => workspace = await BuilderWorkspace.Start();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await workspace.DisposeAsync();
    }

    Uri At(string path) => new(workspace.Server.Address, path);

    HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, At(path));
        if (token is not null) request.Headers.Add(AccessToken.Header, token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    static async Task<string> Error(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task A_request_without_the_token_is_401_and_says_where_to_find_it()
    {
        var response = await http.SendAsync(Request(HttpMethod.Get, "/api/experiments", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("access token", await Error(response));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(At("/"))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_403_in_the_header_and_in_the_query()
    {
        var response = await http.SendAsync(Request(HttpMethod.Get, "/api/experiments", token: "not-the-token"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("wrong access token", await Error(response));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(At("/?token=abc"))).StatusCode);
    }

    [Fact]
    public async Task The_right_token_opens_the_page_and_the_api()
    {
        var page = await http.GetAsync(workspace.Server.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/static/app.js", await page.Content.ReadAsStringAsync());
        var list = await http.SendAsync(Request(HttpMethod.Get, "/api/experiments", workspace.Server.Token.Value));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(BuilderWorkspace.Experiment, await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_change_with_the_token_only_in_the_query_is_refused()
    {
        // What a cross-site form could send: the token must come in the header for anything that writes.
        var response = await http.PostAsync(At($"/api/save?token={workspace.Server.Token.Value}"),
            JsonContent.Create(new { path = "x.yaml", yaml = "a: 1" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("header", await Error(response));
        Assert.False(File.Exists(Path.Combine(workspace.Root, "x.yaml")));
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused()
    {
        var request = Request(HttpMethod.Get, "/api/experiments", workspace.Server.Token.Value);
        request.Headers.Host = "attacker.example";
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("attacker.example", await Error(response));
    }

    [Theory]
    [InlineData("../outside.yaml")]
    [InlineData("experiments/../../outside.yaml")]
    [InlineData("/etc/passwd")]
    public async Task A_path_outside_the_workspace_is_403_for_reads_and_writes(string path)
    {
        var token = workspace.Server.Token.Value;
        var read = await http.SendAsync(Request(HttpMethod.Get, $"/api/file?path={Uri.EscapeDataString(path)}", token));
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Contains("outside the workspace", await Error(read));
        var write = await http.SendAsync(Request(HttpMethod.Post, "/api/save", token, new { path, yaml = "name: x" }));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(workspace.Root, "..", "outside.yaml"))));
    }

    [SkippableFact]
    public async Task A_symbolic_link_out_of_the_workspace_is_not_followed()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var outside = Directory.CreateTempSubdirectory("deltamodel-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.yaml"), "data: secret");
            Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "linked"), outside);
            var response = await http.SendAsync(Request(HttpMethod.Get, "/api/file?path=linked/secret.yaml", workspace.Server.Token.Value));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var write = await http.SendAsync(Request(HttpMethod.Post, "/api/save", workspace.Server.Token.Value, new { path = "linked/new.yaml", yaml = "a: 1" }));
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.False(File.Exists(Path.Combine(outside, "new.yaml")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_requests_get_a_message_not_a_stack_trace()
    {
        var token = workspace.Server.Token.Value;
        var missing = await http.SendAsync(Request(HttpMethod.Post, "/api/check", token, new { path = BuilderWorkspace.Experiment }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("the request needs 'yaml' (text).", await Error(missing));
        var notJson = new HttpRequestMessage(HttpMethod.Post, At("/api/check")) { Content = new StringContent("{oops", System.Text.Encoding.UTF8, "application/json") };
        notJson.Headers.Add(AccessToken.Header, token);
        var response = await http.SendAsync(notJson);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_gives_the_runners_errors_with_line_numbers()
    {
        var yaml = BuilderWorkspace.TinyExperiment().Replace("epochs: 1", "epochs: 0");
        var response = await http.SendAsync(Request(HttpMethod.Post, "/api/check", workspace.Server.Token.Value, new { path = BuilderWorkspace.Experiment, yaml }));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("valid").GetBoolean());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        int line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("epochs: 0")) + 1;
        Assert.Equal(line, error.GetProperty("line").GetInt32());
        Assert.Contains("train.epochs", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("::")]
    [InlineData("example.com")]
    public async Task A_non_loopback_bind_is_refused(string host)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => BuilderServer.Start(new BuilderOptions { Workspace = workspace.Root, Host = host }));
        Assert.Contains("loopback", e.Message);
        Assert.Contains(host, e.Message);
    }
}
