namespace Marketplace.ContentPolicy;

/// <summary>Who wrote the message being checked.</summary>
public enum AuthorRole
{
    Buyer = 0,
    Seller = 1,
}
