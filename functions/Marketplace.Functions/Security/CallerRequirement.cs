using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Functions.Security;

/// <summary>The caller must be a valid <see cref="Caller"/> (role and party id) with one of the roles, or any role if none are given.</summary>
public sealed class CallerRequirement(IReadOnlyCollection<CallerRole> roles)
    : AuthorizationHandler<CallerRequirement>, IAuthorizationRequirement
{
    public IReadOnlyCollection<CallerRole> Roles { get; } = roles;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (Caller.FromPrincipal(context.User) is { } caller && (requirement.Roles.Count == 0 || requirement.Roles.Contains(caller.Role)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
