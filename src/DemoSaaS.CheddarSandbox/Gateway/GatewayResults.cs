namespace DemoSaaS.CheddarSandbox.Gateway;

/// <summary>Cheddar's gateway/transaction result codes (auxCode) and their messages, verbatim (double spaces included).</summary>
public static class GatewayResults
{
    public const string Declined = "6000";

    private static readonly Dictionary<string, string> Messages = new()
    {
        ["1000"] = "An unexpected error occured.  Please try again later.",
        ["1001"] = "The record already exists",
        ["1002"] = "An unexpected error occured.  Please try again later.",
        ["1003"] = "An unexpected error occured.  Please try again later.",
        ["2000"] = "The local gateway configuration is incompatible",
        ["2001"] = "The configuration at the gateway is incompatible",
        ["2002"] = "Authentication to the gateway failed",
        ["2003"] = "The gateway has denied access",
        ["3000"] = "The response from the gateway was not recognized",
        ["4000"] = "The connection to the gateway failed.  Please try again later.",
        ["5000"] = "There was an error processing the transaction",
        ["5001"] = "Credit card number is invalid",
        ["5002"] = "Expiration date is invalid",
        ["5003"] = "Credit card type is not accepted",
        ["6000"] = "The transaction was declined",
        ["6001"] = "The transaction was declined due to AVS mismatch",
        ["6002"] = "The transaction was declined due to card code verification failure",
        ["6006"] = "The transaction was declined - contact support",
        ["7000"] = "The transaction failed for an unknown reason",
    };

    public static bool IsKnown(string auxCode) => Messages.ContainsKey(auxCode);

    public static string Message(string auxCode) => Messages[auxCode];

    /// <summary>5xxx/6xxx/7xxx: the gateway refused the payment data (422); 2xxx–4xxx: gateway communication (502); 1xxx: internal (500).</summary>
    public static int HttpStatus(string auxCode) => auxCode[0] switch
    {
        '1' => 500,
        '2' or '3' or '4' => 502,
        _ => 422,
    };

    /// <summary><c>ccZip</c> of the form 0XXXX fails at once with XXXX; 1XXXX is accepted now and fails later charges with XXXX.</summary>
    public static string? SimulatedFailure(string zip, char trigger) =>
        zip.Length == 5 && zip[0] == trigger && IsKnown(zip[1..]) ? zip[1..] : null;
}
