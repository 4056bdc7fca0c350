using Xunit;
using System.Globalization;
using System.Security.Cryptography;

namespace Serverless.Testing;

/// <summary>
/// The Azurite every storage test shares: the one named by the <see cref="ConnectionStringVariable"/> environment
/// variable (scripts/test.sh starts one and sets it), or else a private one this test process starts in memory on
/// free ports and stops when its last fixture is disposed. Never the default ports 10000–10002, so the tests run
/// beside a developer's own Azurite (scripts/run.sh) or another checkout's tests.
/// Each test isolates itself by using names from <see cref="UniqueName"/> for its tables, queues and containers.
/// xunit finds collection definitions only in the test assembly, so each test project declares
/// <c>[CollectionDefinition("Azurite")] class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the connection string of an Azurite to use instead of a private one.</summary>
    public const string ConnectionStringVariable = "AZURITE_CONNECTION_STRING";

    // One private Azurite per test process, however many fixtures (a collection's, a class fixture's own) ask for it.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? s_private;
    private static int s_users;

    private bool _usesPrivate;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // In memory is fine here: the tests are light (AzuriteProcess.StartOnDiskAsync says why benchmarks are not).
            s_private ??= await AzuriteProcess.StartAsync().ConfigureAwait(false);
            s_users++;
            _usesPrivate = true;
            ConnectionString = s_private.Endpoints.ConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (!_usesPrivate)
        {
            return;
        }

        _usesPrivate = false;
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--s_users == 0 && s_private is not null)
            {
                await s_private.DisposeAsync().ConfigureAwait(false);
                s_private = null;
            }
        }
        finally
        {
            Gate.Release();
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
