using System.Net;
using DemoSaaS.Cheddar.Http;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Xml;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Checks a successful document for embedded errors and picks out what the call promised.</summary>
internal static class CheddarResults
{
    public static Customer SingleCustomer(CheddarDocument document)
    {
        CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
        return document.Customers.FirstOrDefault() ?? throw Missing("customer");
    }

    public static IReadOnlyList<Customer> Customers(CheddarDocument document)
    {
        CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
        return document.Customers;
    }

    public static Plan SinglePlan(CheddarDocument document)
    {
        CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
        return document.Plans.FirstOrDefault() ?? throw Missing("plan");
    }

    public static Promotion SinglePromotion(CheddarDocument document)
    {
        CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
        return document.Promotions.FirstOrDefault() ?? throw Missing("promotion");
    }

    /// <summary>Cheddar answers an empty list with 404 and this message instead of an empty document.</summary>
    public static bool IsEmptyList(CheddarException exception) =>
        exception.IsNotFound && exception.CheddarMessage.StartsWith("No ", StringComparison.Ordinal)
        && exception.CheddarMessage.Contains(" found", StringComparison.Ordinal);

    private static CheddarException Missing(string what) =>
        new(HttpStatusCode.OK, $"Cheddar's response held no {what}.");
}
