namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>An API failure answered as Cheddar's <c>&lt;error id code auxCode&gt;</c> with HTTP status = code.</summary>
public sealed class CheddarApiException(int code, string message, string auxCode = "") : Exception(message)
{
    public int Code { get; } = code;
    public string AuxCode { get; } = auxCode;

    public static CheddarApiException Required(string field) => new(412, $"A value is required: {field}", $"{field}:isEmpty");

    public static CheddarApiException Invalid(string field, string text, string validator = "invalid") =>
        new(412, $"{text}: {field}", $"{field}:{validator}");

    public static CheddarApiException TooLong(string field, string value, int max) =>
        Invalid(field, $"'{value}' is more than {max} characters long", "stringLengthTooLong");

    public static CheddarApiException CustomerNotFound() => new(404, "Customer not found");
}
