namespace Marketplace.Functions.Configuration;

/// <summary>
/// An app setting that is a Key Vault reference the platform could not resolve (the identity's role not applied yet, the
/// secret missing) reaches the app as its own text, "@Microsoft.KeyVault(VaultName=…;SecretName=…)": long enough to pass
/// a length check, and guessable by anyone who knows the vault. Secrets that read like one are refused at start-up.
/// </summary>
internal static class KeyVaultReference
{
    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
