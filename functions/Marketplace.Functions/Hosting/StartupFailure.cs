using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>The one line printed when settings stop the app from starting: every failure, each naming its setting.</summary>
public static partial class StartupFailure
{
    /// <summary>True for a settings validation failure: one options type's, or several at once (the host aggregates them).</summary>
    public static bool IsInvalidSettings(Exception exception) => exception switch
    {
        OptionsValidationException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsInvalidSettings),
        _ => false,
    };

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failures = Failures(exception).Select(NameTheSetting).Distinct(StringComparer.Ordinal);
        return "Start-up failed, fix these settings: " + string.Join(" | ", failures).ReplaceLineEndings(" ");
    }

    private static IEnumerable<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        _ => [],
    };

    /// <summary>
    /// Data-annotation failures name a type and a member ("… for 'DurableTaskOptions' members: 'SystemKey' with the error:
    /// '…'"); an operator knows the setting, "DurableTask:SystemKey" (options classes are named after their section).
    /// </summary>
    private static string NameTheSetting(string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        return match.Success ? $"{match.Groups["section"].Value}:{match.Groups["member"].Value}: {match.Groups["error"].Value}" : failure;
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<section>\w+?)(Options)?' members: '(?<member>[\w.]+)' with the error: '(?<error>.*)'\.?$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
