using System.Diagnostics;

namespace Serverless.Testing;

/// <summary>
/// An Azurite process started from the repository's own npm install (node_modules/.bin/azurite).
/// Tests that need to stop and restart storage (fault tests) start their own on free ports.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private Process? _process;
    private bool _ownsDataDirectory;

    private AzuriteProcess(AzuriteEndpoints endpoints, string? dataDirectory)
    {
        Endpoints = endpoints;
        DataDirectory = dataDirectory;
    }

    public AzuriteEndpoints Endpoints { get; }

    /// <summary>Where the data lives; null means in memory (lost when the process stops).</summary>
    public string? DataDirectory { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The CPU time Azurite has used since it (last) started.</summary>
    public TimeSpan ProcessorTime()
    {
        var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Starts Azurite on the given ports (or three free ones) and waits until all three answer.</summary>
    public static async Task<AzuriteProcess> StartAsync(
        AzuriteEndpoints? endpoints = null, string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        var azurite = new AzuriteProcess(endpoints ?? FreeEndpoints(), dataDirectory);
        await azurite.RestartAsync(cancellationToken).ConfigureAwait(false);
        return azurite;
    }

    /// <summary>
    /// Starts Azurite on free ports with its data in a new temporary folder, deleted on dispose: what benchmarks use.
    /// In-memory Azurite keeps one extent per queue message and its queue garbage collector, every minute, removes each
    /// deleted message's extent with a full index sort: under sustained queue traffic the whole emulator stops for
    /// seconds to minutes (seen: 206 s). On disk, messages share 64 MB extent files and the collection stays cheap.
    /// </summary>
    public static async Task<AzuriteProcess> StartOnDiskAsync(CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var azurite = new AzuriteProcess(FreeEndpoints(), directory) { _ownsDataDirectory = true };
        try
        {
            await azurite.RestartAsync(cancellationToken).ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the process again on the same ports and data (after <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var executable = Path.Combine(RepositoryRoot.Find(), "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {executable}. Run 'npm ci' in the repository root " +
                "(scripts/test.sh does it for you).");
        }

        var arguments = new List<string>
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Endpoints.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", Endpoints.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", Endpoints.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // Diagnostics: AZURITE_DEBUG_LOG=<file> makes Azurite log every request it serves (to count a run's storage calls).
        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG_LOG") is { Length: > 0 } debugLog)
        {
            arguments.AddRange(["--debug", debugLog]);
        }

        if (DataDirectory is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(DataDirectory);
            arguments.AddRange(["--location", DataDirectory]);
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AzuriteProbe.IsListeningAsync(Endpoints, cancellationToken).ConfigureAwait(false))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} while starting.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Azurite did not start listening within 60 seconds.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process (as a crash would) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_ownsDataDirectory && DataDirectory is not null && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static AzuriteEndpoints FreeEndpoints() => new(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
}
