using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Testing;

/// <summary>
/// The app (<c>Marketplace.Functions</c>, built in Release) in a process of its own, self-hosted on a free loopback
/// port as <c>scripts/run.sh</c> runs it: what benchmarks measure, memory included. Its output goes to standard error,
/// prefixed with <c>[app]</c>.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the app with <paramref name="settings"/> ("Section:Key" = value, passed as environment variables) and waits until it listens.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "bin", "Release", "net10.0", "Marketplace.Functions.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the app first (dotnet build functions/Marketplace.Functions -c Release): {dll} is missing.");
        }

        int port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root, where appsettings*.json are
        };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[app] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[app] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, port);
        try
        {
            await app.WaitUntilListeningAsync(port, cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>The process's resident memory now and its peak so far (VmRSS and VmHWM on Linux), in MiB.</summary>
    public (double WorkingSetMb, double PeakWorkingSetMb) Memory()
    {
        _process.Refresh();
        return (_process.WorkingSet64 / 1048576.0, _process.PeakWorkingSet64 / 1048576.0);
    }

    /// <summary>The CPU time the process has used so far (user and kernel, all threads).</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The app exited with code {_process.ExitCode} while starting."));
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new TimeoutException("The app did not listen within 60 s.");
    }
}
