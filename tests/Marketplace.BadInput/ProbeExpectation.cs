namespace Marketplace.BadInput;

/// <summary>What a probe requires beyond the checks every answer gets (no 5xx, no exception text, problem documents).</summary>
[Flags]
public enum ProbeExpectation
{
    None = 0,

    /// <summary>Forged credentials, forged routes, replays: any 2xx means the app was fooled.</summary>
    MustBeRefused = 1,

    /// <summary>
    /// The HTTP server itself may refuse it before the app sees it (headers too large, bytes that are not HTTP): an
    /// empty 400/413/414/431 is then fine, as is the connection closing while a body too large is still being sent.
    /// </summary>
    ServerMayReject = 2,
}
