using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeltaModel.Builder;

/// <summary>
/// The experiment builder's web server: Kestrel on a loopback address, every request checked for the start's
/// <see cref="AccessToken"/>, files confined to the <see cref="WorkspaceFolder"/>, the page served from the assembly.
/// </summary>
public sealed class BuilderServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly RunRegistry runs;

    BuilderServer(WebApplication app, RunRegistry runs, AccessToken token, WorkspaceFolder workspace, Uri address)
    {
        this.app = app;
        this.runs = runs;
        Token = token;
        Workspace = workspace;
        Address = address;
    }

    public AccessToken Token { get; }
    public WorkspaceFolder Workspace { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The page's URL with the token: what the user opens.</summary>
    public string Url => $"{Address}?{AccessToken.Query}={Token.Value}";

    /// <summary>Starts listening (returns once the port is open).</summary>
    /// <exception cref="ArgumentException">The host is not a loopback address (the builder is never exposed to the network).</exception>
    /// <exception cref="DirectoryNotFoundException">The workspace folder does not exist.</exception>
    public static async Task<BuilderServer> Start(BuilderOptions options)
    {
        var address = LoopbackAddress(options.Host);
        var workspace = new WorkspaceFolder(options.Workspace);
        var dataRoots = new DataRoots(workspace, options.DataRoots);
        var token = new AccessToken(options.Token);
        var runs = new RunRegistry();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = workspace.Root });
        builder.Logging.ClearProviders();   // the first line printed is the URL; errors go to the page
        builder.WebHost.UseKestrel(k => k.Listen(address, options.Port));
        var app = builder.Build();

        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        app.Use(async (context, next) =>
        {
            try
            {
                await token.Check(context, next, hosts);
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                var (status, message) = BuilderApi.Describe(e);
                context.Response.Clear();
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new { error = message });
            }
        });
        BuilderApi.Map(app, workspace, runs, token);
        BuilderApi.MapBasins(app, workspace, dataRoots);

        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var root = new Uri($"http://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1")}:{bound.Port}/");
        hosts.UnionWith([root.Authority, $"localhost:{bound.Port}"]);
        return new BuilderServer(app, runs, token, workspace, root);
    }

    /// <summary>The address to bind: <paramref name="host"/> when it is a loopback address (or <c>localhost</c>).</summary>
    /// <exception cref="ArgumentException">Any other address: the builder would be reachable from the network.</exception>
    public static IPAddress LoopbackAddress(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)) return ip;
        throw new ArgumentException($"the builder binds to a loopback address only (127.0.0.1, ::1 or localhost); '{host}' " +
                                    "would let other machines drive it. Reach it remotely through an SSH tunnel instead.");
    }

    /// <summary>Waits until <paramref name="stop"/> is cancelled (Ctrl+C), then stops.</summary>
    public async Task RunUntil(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        runs.CancelAll();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
