using Marketplace.Domain.Conversations;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Translation;

namespace Marketplace.Functions.Templates;

/// <summary>What a saved template must be: a name, a body whose placeholders are all known, typed variables, translations with the same placeholders.</summary>
internal static class TemplateRequestRules
{
    public const int MaxNameLength = 100;

    /// <summary>The template the request describes (id, owner, version and time are set by the caller), or null with <paramref name="errors"/> filled.</summary>
    public static MessageTemplate? Read(
        TemplateRequest? body, bool marketplaceTemplate, int maxTextLength, Dictionary<string, string[]> errors)
    {
        if (body is null)
        {
            errors["body"] = ["Send a JSON object: {\"name\", \"reason\", \"language\", \"body\", \"variables\": [{\"name\", \"type\"}]}."];
            return null;
        }

        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || MessageText.HasControlCharacters(name))
        {
            errors["name"] = [$"Required: 1-{MaxNameLength} characters without control characters."];
        }

        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        if (reason is { Length: > 64 })
        {
            errors["reason"] = ["Must be a message reason code (at most 64 characters), e.g. CONFIRM_DELIVERY."];
        }

        var language = LanguageTags.Normalize(body.Language);
        if (language is null)
        {
            errors["language"] = ["Required: the language the body is written in, as a language tag (en, de-AT)."];
        }

        var variables = ReadVariables(body.Variables, errors);
        var text = body.Body ?? "";
        CheckBody("body", text, variables, maxTextLength, errors);

        var translations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Translations is { Count: > 0 } given)
        {
            if (!marketplaceTemplate)
            {
                errors["translations"] = ["Only marketplace templates carry reviewed translations; yours are translated for each buyer automatically."];
            }
            else
            {
                foreach (var (tag, translated) in given)
                {
                    var key = $"translations.{tag}";
                    if (LanguageTags.Normalize(tag) is not { } code)
                    {
                        errors[key] = ["Must be keyed by a language tag (de, fr-CA)."];
                        continue;
                    }

                    if (CheckBody(key, translated ?? "", variables, maxTextLength, errors)
                        && !TemplateText.Placeholders(translated ?? "").Order(StringComparer.Ordinal)
                            .SequenceEqual(TemplateText.Placeholders(text).Order(StringComparer.Ordinal), StringComparer.Ordinal))
                    {
                        errors[key] = ["Must use the same placeholders as the body."];
                    }

                    translations[code] = translated ?? "";
                }
            }
        }

        return errors.Count > 0
            ? null
            : new MessageTemplate("", "", null, 0, name, reason, language!, text, variables, translations, default);
    }

    private static List<TemplateVariable> ReadVariables(IReadOnlyList<TemplateVariableView>? given, Dictionary<string, string[]> errors)
    {
        var variables = new List<TemplateVariable>();
        if (given is null)
        {
            return variables;
        }

        if (given.Count > TemplatePlaceholders.MaxVariables)
        {
            errors["variables"] = [$"At most {TemplatePlaceholders.MaxVariables} variables."];
            return variables;
        }

        for (var i = 0; i < given.Count; i++)
        {
            var key = $"variables[{i}]";
            var name = given[i]?.Name ?? "";
            if (!TemplatePlaceholders.IsValidName(name))
            {
                errors[key] = [$"'name' must be {TemplatePlaceholders.NameRule}."];
            }
            else if (TemplatePlaceholders.FromOrder.Contains(name))
            {
                errors[key] = [$"'{name}' is filled from the order by the server; use it in the body without declaring it."];
            }
            else if (variables.Any(v => v.Name == name))
            {
                errors[key] = [$"'{name}' is declared twice."];
            }
            else if (given[i]?.Type switch { "text" => TemplateVariableType.Text, "number" => TemplateVariableType.Number, "date" => TemplateVariableType.Date, _ => (TemplateVariableType?)null } is { } type)
            {
                variables.Add(new TemplateVariable(name, type));
            }
            else
            {
                errors[key] = ["'type' must be text, number or date."];
            }
        }

        return variables;
    }

    // Every placeholder must be an order placeholder or a declared variable, and every declared variable used.
    private static bool CheckBody(string key, string text, IReadOnlyList<TemplateVariable> variables, int maxTextLength, Dictionary<string, string[]> errors)
    {
        if (text.Trim().Length == 0 || text.Length > maxTextLength || MessageText.HasControlCharacters(text))
        {
            errors[key] = [$"Required: 1-{maxTextLength} characters without control characters other than tab and line breaks."];
            return false;
        }

        var used = TemplateText.Placeholders(text);
        var unknown = used.Where(p => !TemplatePlaceholders.FromOrder.Contains(p) && variables.All(v => v.Name != p)).ToList();
        if (unknown.Count > 0)
        {
            errors[key] = [$"Uses {string.Join(", ", unknown.Select(p => "{" + p + "}"))}, which is neither an order placeholder ({string.Join(", ", TemplatePlaceholders.FromOrder.Order(StringComparer.Ordinal).Select(p => "{" + p + "}"))}) nor a declared variable."];
            return false;
        }

        if (TemplatePlaceholders.LooksLikeAppLink(TemplateText.Render(text, _ => " ")))
        {
            errors[key] = [TemplatePlaceholders.AppLinkRule];
            return false;
        }

        if (key == "body" && variables.Where(v => !used.Contains(v.Name)).Select(v => v.Name).ToList() is { Count: > 0 } unused)
        {
            errors["variables"] = [$"Declared but not used in the body: {string.Join(", ", unused)}."];
            return false;
        }

        return true;
    }
}
