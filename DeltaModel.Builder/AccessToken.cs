using System.Security.Cryptography;
using System.Text;

namespace DeltaModel.Builder;

/// <summary>
/// The random secret of one builder start, printed in the page's URL as notebook servers do. Every request must carry
/// it — in the <c>X-DeltaModel-Token</c> header, the <c>token</c> query parameter, or the cookie the first page
/// visit sets — so that neither another local user nor a web page open in the user's browser can drive the builder.
/// Requests that change anything need the header itself: a cookie alone is what a cross-site form would send.
/// </summary>
public sealed class AccessToken
{
    public const string Header = "X-DeltaModel-Token";
    public const string Query = "token";
    public const string Cookie = "deltamodel_token";

    readonly byte[] value;

    public AccessToken(string? token = null)
    {
        Value = token ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        value = Encoding.UTF8.GetBytes(Value);
    }

    public string Value { get; }

    /// <summary>Whether <paramref name="candidate"/> is the token (compared in constant time).</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), value);

    /// <summary>
    /// Checks a request: 401 without a token, 403 with a wrong one or a foreign Host header (DNS rebinding), and for a
    /// request that changes something, 403 unless the header carries the token. A page visit with the token in the
    /// query sets a same-site cookie, so that the page's own scripts, styles and event stream are let in.
    /// </summary>
    public async Task Check(HttpContext context, RequestDelegate next, IReadOnlySet<string> hosts)
    {
        var request = context.Request;
        if (!hosts.Contains(request.Host.Value ?? ""))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, $"host '{request.Host.Value}' is not this builder's address.");
            return;
        }
        string? header = request.Headers[Header], query = request.Query[Query], cookie = request.Cookies[Cookie];
        var given = header ?? query ?? cookie;
        if (given is null)
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "this builder needs its access token: open the URL it printed when it started.");
            return;
        }
        bool changes = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
        if (!Matches(given) || (changes && !Matches(header)))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, changes && header is null
                ? $"a request that changes something must carry the token in the {Header} header."
                : "wrong access token: open the URL the builder printed when it started.");
            return;
        }
        if (query is not null && cookie is null)
            context.Response.Cookies.Append(Cookie, Value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        await next(context);
    }

    static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message });
    }
}
