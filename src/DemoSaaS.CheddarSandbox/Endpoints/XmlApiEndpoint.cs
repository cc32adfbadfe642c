using System.Net;
using System.Text;
using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Webhooks;
using DemoSaaS.CheddarSandbox.Xml;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// The HTTP side of <c>/xml/...</c>: parses path pairs + query + body, checks Basic auth and the product, runs the
/// call under the store lock its <see cref="CallScope"/> needs, answers XML (errors as <c>&lt;error&gt;</c> with HTTP status = code) and publishes
/// webhook events once the change is saved.
/// </summary>
public static class XmlApiEndpoint
{
    /// <summary>Bodies above this are refused before parsing.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    private const string Realm = "Basic realm=\"Cheddar API\"";

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<CustomerStore>();
        var options = services.GetRequiredService<IOptions<CheddarSandboxOptions>>().Value;
        var billing = services.GetRequiredService<SubscriptionBilling>();
        // Reading and checking the request happens before taking the lock, so a slow upload never holds up other calls.
        ParsedRequest? parsed = null;
        CheddarApiException? refused = null;
        try
        {
            parsed = await ParseAsync(context, options);
        }
        catch (CheddarApiException error)
        {
            refused = error;
        }

        XmlReply Run()
        {
            try
            {
                if (refused is not null)
                {
                    throw refused;
                }
                var clock = services.GetRequiredService<SandboxClock>();
                var api = services.GetRequiredService<XmlApi>();
                return api.Invoke(new ApiCall(parsed!.Section, parsed.Action, parsed.Method, parsed.Parameters, SubscriptionBilling.Now(clock), billing));
            }
            catch (CheddarApiException error)
            {
                return new XmlReply(error.Code, CheddarDocuments.Error(store.Next("error"), error.Code, error.AuxCode, error.Message));
            }
            catch (Exception unexpected) when (unexpected is not OperationCanceledException)
            {
                // Nothing was saved (every change is saved last). Answer as Cheddar does for its own failures.
                var id = store.Next("error");
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(XmlApiEndpoint))
                    .LogError(new EventId(4001, "XmlApiFailed"), unexpected, "Cheddar sandbox error {ErrorId}", id);
                return new XmlReply(500, CheddarDocuments.Error(id, 500, "1000", "An unexpected error occured.  Please try again later."));
            }
        }

        // The store lock the call's CallScope needs, held for its whole read-change-write. A refused request touches no
        // customer (its error id is one atomic counter statement), so it takes no lock.
        XmlReply reply;
        if (parsed is null)
        {
            reply = Run();
        }
        else
        {
            switch (XmlApi.ScopeOf(parsed.Section, parsed.Action))
            {
                case CallScope.Customer:
                    reply = await store.ChangeAsync(Run, context.RequestAborted);
                    break;
                case CallScope.Read:
                    using (await store.ReadLockAsync(context.RequestAborted))
                    {
                        reply = Run();
                    }
                    break;
                default:
                    using (await store.LockAsync(context.RequestAborted))
                    {
                        reply = Run();
                    }
                    break;
            }
        }
        // Written after the lock is released: the reply holds this call's own copies of the customers (never shared, and a
        // customer document depends on nothing else that changes) or a finished tree, so the next change need not wait.
        var documents = services.GetRequiredService<CheddarDocuments>();
        using var body = reply.Customers is { } customers ? documents.WriteCustomers(customers) : XmlReplyBuffer.Write(reply.Body!);
        if (reply.Status == 401)
        {
            context.Response.Headers.WWWAuthenticate = Realm;
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = body.Written.Length;
        await context.Response.Body.WriteAsync(body.Written, context.RequestAborted);

        var publisher = services.GetRequiredService<IWebhookPublisher>();
        foreach (var webhook in billing.Webhooks)
        {
            await publisher.PublishAsync(webhook.ActivityType, webhook.Payload, CancellationToken.None);
        }
    }

    private sealed record ParsedRequest(string Section, string Action, string Method, ApiParameters Parameters);

    /// <summary>Route, credentials, method, parameters and product: everything that needs no state.</summary>
    private static async Task<ParsedRequest> ParseAsync(HttpContext context, CheddarSandboxOptions options)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        var path = rawTarget.Split('?', 2)[0];
        if (!UrlEncoding.IsWellFormed(Encoding.Latin1.GetBytes(rawTarget)))
        {
            throw new CheddarApiException(400, "The request URL is not valid UTF-8 URL encoding");
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToList();
        if (segments.Count < 3 || segments[0] != "xml")
        {
            throw new CheddarApiException(404, "Resource not found");
        }

        Authenticate(request, options);

        var section = segments[1];
        var action = segments[2];
        var api = context.RequestServices.GetRequiredService<XmlApi>();
        if (!api.Knows(section, action))
        {
            throw new CheddarApiException(404, "Resource not found");
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            throw new CheddarApiException(400, $"Method {request.Method} is not supported; use GET or POST");
        }
        if (XmlApi.RequiresPost(section, action) && !HttpMethods.IsPost(request.Method))
        {
            throw new CheddarApiException(400, $"{section}/{action} must be called with POST");
        }

        var parameters = new ApiParameters();
        for (var i = 3; i < segments.Count; i += 2)
        {
            parameters.Add(segments[i], i + 1 < segments.Count ? segments[i + 1] : "");
        }
        foreach (var (key, values) in request.Query)
        {
            foreach (var value in values)
            {
                parameters.Add(key, value ?? "");
            }
        }
        await ReadBodyAsync(request, parameters, context.RequestAborted);

        // Whatever is stored is echoed in XML later; a control character would make every later answer unwritable.
        if (parameters.Pairs.FirstOrDefault(p => !IsXmlText(p.Key) || !IsXmlText(p.Value)) is { Key: not null } bad)
        {
            throw CheddarApiException.Invalid(bad.Key, "The value contains characters that XML cannot carry", "invalidCharacters");
        }
        CheckProduct(parameters, options);
        // Cheddar uses remoteAddress for fraud checks and rate limits; the sandbox has neither, but refuses a malformed one.
        if (parameters.Get("remoteAddress") is { Length: > 0 } remoteAddress && !IPAddress.TryParse(remoteAddress, out _))
        {
            throw CheddarApiException.Invalid("remoteAddress", $"'{remoteAddress}' is not a valid IP address", "notIpAddress");
        }
        return new ParsedRequest(section, action, request.Method, parameters);
    }

    private static void Authenticate(HttpRequest request, CheddarSandboxOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':');
                // Both parts compared in constant time, and both always: timing says nothing about which part was wrong.
                if (colon > 0 & SecretComparison.AreEqual(decoded[..Math.Max(colon, 0)], options.Username)
                    & SecretComparison.AreEqual(decoded[(colon + 1)..], options.Password))
                {
                    return;
                }
            }
            catch (FormatException)
            {
                // Malformed header: same answer as wrong credentials.
            }
        }
        throw new CheddarApiException(401, "Authentication required");
    }

    private static void CheckProduct(ApiParameters parameters, CheddarSandboxOptions options)
    {
        var code = parameters.Get("productCode");
        var id = parameters.Get("productId");
        if (!string.IsNullOrEmpty(code))
        {
            if (code != options.ProductCode)
            {
                throw new CheddarApiException(401, $"User {options.Username} does not have access to productCode={code}");
            }
        }
        else if (!string.IsNullOrEmpty(id))
        {
            if (!string.Equals(id, options.ProductId, StringComparison.OrdinalIgnoreCase))
            {
                throw new CheddarApiException(401, $"User does not have access to productId={id}");
            }
        }
        else
        {
            throw new CheddarApiException(400, "No product selected. Need a productId or productCode.");
        }
    }

    private static async Task ReadBodyAsync(HttpRequest request, ApiParameters parameters, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new CheddarApiException(400, $"The request body is larger than {MaxBodyBytes / 1024} KB");
        }
        if (!request.HasFormContentType)
        {
            await ReadOtherBodyAsync(request, parameters, cancellationToken);
            return;
        }
        // Checked on the raw bytes: the form reader quietly turns broken escapes and invalid UTF-8 into other text.
        request.EnableBuffering(bufferThreshold: (int)MaxBodyBytes, bufferLimit: MaxBodyBytes);
        byte[] raw;
        try
        {
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, cancellationToken);
            raw = copy.ToArray();
        }
        catch (Exception error) when (error is BadHttpRequestException or IOException)
        {
            throw new CheddarApiException(400, $"The request body is larger than {MaxBodyBytes / 1024} KB");
        }
        request.Body.Position = 0;
        var urlEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (urlEncoded && !UrlEncoding.IsWellFormed(raw))
        {
            throw new CheddarApiException(400, "The request body is not valid UTF-8 URL encoding (application/x-www-form-urlencoded)");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { ValueLengthLimit = (int)MaxBodyBytes, BufferBodyLengthLimit = MaxBodyBytes, MultipartBodyLengthLimit = MaxBodyBytes }, cancellationToken);
        }
        catch (Exception error) when (error is InvalidDataException or BadHttpRequestException or IOException)
        {
            throw new CheddarApiException(400, "The request body is not a valid form (application/x-www-form-urlencoded)");
        }
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                parameters.Add(key, value ?? "");
            }
        }
    }

    /// <summary>
    /// A body that is not a form: none at all (most GETs), JSON (what Cheddar's own roadmap posts), or something the
    /// sandbox cannot read — refused with a 400 rather than ignored, so a caller's parameters are never silently lost.
    /// </summary>
    private static async Task ReadOtherBodyAsync(HttpRequest request, ApiParameters parameters, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0
            || (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
        {
            return;
        }
        byte[] raw;
        try
        {
            using var copy = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > MaxBodyBytes)
                {
                    throw new CheddarApiException(400, $"The request body is larger than {MaxBodyBytes / 1024} KB");
                }
                copy.Write(buffer, 0, read);
            }
            raw = copy.ToArray();
        }
        catch (Exception error) when (error is BadHttpRequestException or IOException)
        {
            throw new CheddarApiException(400, "The request body could not be read");
        }
        if (raw.Length == 0)
        {
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } mediaType)
        {
            throw new CheddarApiException(400, request.ContentType is null
                ? "The request body has no Content-Type; send application/x-www-form-urlencoded, multipart/form-data or application/json"
                : $"The request body's Content-Type '{request.ContentType}' is not valid; send application/x-www-form-urlencoded, multipart/form-data or application/json");
        }
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isJson)
        {
            throw new CheddarApiException(400, $"The sandbox does not read request bodies of type '{mediaType}'; send application/x-www-form-urlencoded, multipart/form-data or application/json");
        }
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new CheddarApiException(400, $"A JSON request body must be UTF-8, not '{type.Charset}'");
        }
        JsonBodyParameters.Read(raw, parameters);
    }

    private static bool IsXmlText(string text)
    {
        try
        {
            System.Xml.XmlConvert.VerifyXmlChars(text);
            return true;
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    /// <summary>Path segments are urlencoded the PHP way (<c>+</c> = space).</summary>
    private static string Decode(string segment) => WebUtility.UrlDecode(segment);
}
