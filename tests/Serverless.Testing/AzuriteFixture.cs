using Xunit;
using System.Globalization;
using System.Security.Cryptography;

namespace Serverless.Testing;

/// <summary>
/// The Azurite every storage test shares: the one already listening on the default ports (scripts/test.sh
/// starts it, as does scripts/run.sh), or one this fixture starts in memory. Each test isolates itself by
/// using names from <see cref="UniqueName"/> for its tables, queues and containers.
/// xunit finds collection definitions only in the test assembly, so each test project declares
/// <c>[CollectionDefinition("Azurite")] class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _started;

    public AzuriteEndpoints Endpoints { get; private set; } = AzuriteEndpoints.Default;

    public string ConnectionString => Endpoints.ConnectionString;

    public async Task InitializeAsync()
    {
        if (await AzuriteProbe.IsListeningAsync(Endpoints).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            _started = await AzuriteProcess.StartAsync(AzuriteEndpoints.Default).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Another test assembly may have started it at the same moment (our process lost the port race).
            if (!await AzuriteProbe.IsListeningAsync(Endpoints).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A name valid for a table, queue and container alike (lowercase letters and digits, starting with a
    /// letter), unique to the caller: <paramref name="prefix"/> plus random characters.
    /// </summary>
    public static string UniqueName(string prefix)
    {
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLower(CultureInfo.InvariantCulture);
        var name = new string(prefix.ToLower(CultureInfo.InvariantCulture).Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        return (name.Length > 0 && char.IsAsciiLetter(name[0]) ? name : "t" + name) + suffix;
    }
}
