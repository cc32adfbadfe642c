using System.Text.Json;
using System.Text.Json.Serialization;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>
/// Strict JSON reading for the /sandbox/* control endpoints: unknown fields, duplicate fields and
/// numbers sent as strings are refused, so a typo never turns into a silently ignored setting.
/// </summary>
internal static class ControlJson
{
    private const int MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads the request body as <typeparamref name="T"/>; on failure returns the 400 to send.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes."));
        }
        // Read at most one byte past the limit, so a chunked body of any size costs no more than that.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes."));
            }
        }
        if (buffer.Length == 0)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "A JSON object body is required."));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Options);
            return value is null
                ? (null, Error(StatusCodes.Status400BadRequest, "A JSON object body is required, not null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"Invalid JSON: {ex.Message}"));
        }
    }

    /// <summary>The error shape of every control endpoint: <c>{"error":"..."}</c>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
