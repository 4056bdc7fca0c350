namespace Marketplace.BadInput;

/// <summary>Values that are wrong in the ways callers get them wrong, shared by the probe families. All ASCII, already URL-encoded where they go in a URL.</summary>
public static class BadValues
{
    /// <summary>Path segments where an id belongs that cannot resolve to a real resource, whoever asks.</summary>
    public static readonly string[] Ids =
    [
        "%20", "%09", "a%20b", "x", "missing-id", "%2e", "%2E", ".", "...", "%2f", "%2F", "%5c", "a%2fb", "a%5cb",
        "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fwindows", "a%00b", "%00", "%0d%0aX-Injected:%201", "%C0%AE%C0%AE", "%C0%AF",
        "%ED%A0%80", "%FF%FE", "%E2%82", "%F4%90%80%80", "%EF%BB%BF", "caf%C3%A9", "%E2%80%AE", "x'", "'", "%27%20or%20%271%27%3D%271",
        "a'%20or%20PartitionKey%20ne%20'", "PartitionKey%20eq%20'x'", "%22", "%3Cscript%3E", "%7B%7D", "%24filter", "~", "~~", "amazon~o~",
        "amazon~q~x", "-1", "0", "99999999999999999999999", "1e9999", "NaN", "null", "undefined", "true", "%25", "%25%25", "%2525",
        new string('a', 65), new string('x', 1024), string.Concat(Enumerable.Repeat("%41", 300)), "*", "%2A", "a*b", "%3F", "%23",
    ];

    /// <summary>Query values for integer parameters (limit, top, n): negative, huge, not numbers.</summary>
    public static readonly string[] Numbers =
    [
        "-1", "0", "-0", "201", "1001", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999", "abc", "1.5", "1e3", "1e400", "0x10", "%20", "%205", "5%20", "%2B5", "%EF%BC%95", "NaN", "Infinity",
        "null", "true", "[]", "%00", "1%002", "five", "--1", "1-", "%E2%88%921", "", "%2C", "1,2",
    ];

    /// <summary>Paging cursors the API never returned: garbage, base64 garbage, base64 of numbers that overflow or wrap.</summary>
    public static readonly string[] Cursors =
    [
        "garbage", "!!!", "%25%25%25", "====", "AAAA", "_-_-", "%2B%2F%2B%2F", "YQ", "YQ=", "YQ==", "YQ===", "%00", "%FF",
        Base64("-1"), Base64("0"), Base64("-9223372036854775808"), Base64("9223372036854775807"), Base64("9223372036854775808"),
        Base64("99999999999999999999999999999"), Base64("1e400"), Base64(" 1"), Base64("1 "), Base64("+1"), Base64("0x7fffffffffffffff"),
        Base64("abc"), Base64("'"), Base64("x' or PartitionKey ne '"), Base64("\u0000"), Base64("\ud800"), Base64("~"), Base64("~~~~"),
        Base64(new string('9', 400)), Base64("{\"a\":1}"), Base64Bytes([0xFF, 0xFE, 0xC0, 0xAF]), Base64Bytes([0xED, 0xA0, 0x80]),
        new string('A', 2000), "YWJj%0A", "YWJj%20ZGVm", "%2e%2e%2f%2e%2e",
    ];

    /// <summary>Bodies that are not JSON, or JSON that no endpoint takes.</summary>
    public static readonly string[] BadJson =
    [
        "", " ", "{", "}", "[", "]", "{]", "[}", "{\"", "{\"a\"", "{\"a\":", "{\"a\":}", "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":1}}",
        "{} {}", "{}garbage", "/*c*/{}", "//c\n{}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":undefined}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":-}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\\"}", "{\"a\":\"unterminated}",
        "{\"a\":\"tab\there\"}", "{\"a\":tru}", "{\"a\":nul}", "nul", "tru", "\"unterminated", "1 2", "\u00a0{}",
    ];

    /// <summary>JSON objects with none of an endpoint's members: refused wherever a member is required (not where all are optional).</summary>
    public static readonly string[] NoRequiredMembers =
    [
        "{\"a\":1e99999}", "{\"a\":-1e99999}", "{\"__proto__\":{\"admin\":true}}", "{\"constructor\":{\"prototype\":{}}}",
    ];

    /// <summary>JSON values of every wrong type for a field.</summary>
    public static readonly string[] WrongTypes =
    [
        "1", "-1", "0", "1.5", "1e400", "-1e400", "true", "false", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "\" \"",
        "[\"a\"]", "[null]", "[[]]", "[{}]", "\"\\u0000\"", "9223372036854775808", "-9223372036854775809", "\"NaN\"",
    ];

    /// <summary>JSON string contents (inside the quotes) that are not valid Unicode: lone surrogates, escaped or raw.</summary>
    public static readonly string[] BadUnicodeEscapes =
    [
        "\\ud800", "\\udc00", "\\udbff", "\\udfff", "a\\ud800b", "\\ud800\\ud800", "\\udc00\\ud800", "\\ud800\\u0041", "x\\uDFFFy",
        "\\ud83d", "\\ude00\\ud83d",
    ];

    /// <summary>Byte sequences that are not UTF-8: overlong forms, encoded surrogates, beyond U+10FFFF, truncated, stray.</summary>
    public static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80],
        [0xE2, 0x82], [0xC3], [0x80], [0xBF, 0xBF], [0xC3, 0x28], [0xE2, 0x28, 0xA1], [0x00], [0x41, 0x00, 0x42],
    ];

    public static string Base64(string text) => Base64Bytes(System.Text.Encoding.UTF8.GetBytes(text));

    public static string Base64Bytes(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static T Pick<T>(this Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
