using System.CommandLine;
using DeltaModel.Builder;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel gui</c>: starts the experiment builder (docs/gui.md) on the loopback address, prints the page's URL
/// with its access token as the first line, opens it in the default browser unless <c>--no-browser</c>, and serves
/// until Ctrl+C.
/// </summary>
internal static class GuiCommand
{
    public static Command Create()
    {
        var workspace = new Option<DirectoryInfo?>("--workspace") { Description = "The folder the page may read and write (default: the current folder)." };
        var port = new Option<int>("--port") { Description = "TCP port (default: a free one).", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host") { Description = "Loopback address to bind: 127.0.0.1 (default), ::1 or localhost; others are refused.", DefaultValueFactory = _ => "127.0.0.1" };
        var dataRoots = new Option<DirectoryInfo[]>("--data-root")
        {
            Description = "A folder outside the workspace whose datasets the page may read to list their basins (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the URL; do not open a browser." };
        var command = new Command("gui", "Start the experiment builder: a local web page to create, check, run and compare experiments.")
        {
            workspace, port, host, dataRoots, noBrowser,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliErrors.Run(() =>
        {
            var options = new BuilderOptions
            {
                Workspace = parse.GetValue(workspace)?.FullName ?? Directory.GetCurrentDirectory(),
                Port = parse.GetValue(port),
                Host = parse.GetValue(host)!,
                DataRoots = [.. (parse.GetValue(dataRoots) ?? []).Select(d => d.FullName)],
            };
            var server = BuilderServer.Start(options).GetAwaiter().GetResult();
            Console.Out.WriteLine(server.Url);
            Console.Out.WriteLine($"workspace {server.Workspace.Root}; Ctrl+C stops the builder.");
            Console.Out.Flush();
            if (!parse.GetValue(noBrowser) && DefaultBrowser.Open(server.Url) is { } why) Console.Error.WriteLine(why);
            server.RunUntil(cancel).GetAwaiter().GetResult();
            return 0;
        })));
        return command;
    }
}
