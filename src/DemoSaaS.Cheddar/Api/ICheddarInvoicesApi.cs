using DemoSaaS.Cheddar.Xml;
using Refit;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Cheddar's invoices section on the wire.</summary>
internal interface ICheddarInvoicesApi
{
    [Post("/xml/invoices/new/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> CreateOneTime(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/invoices/refund/productCode/{productCode}")]
    Task<CheddarDocument> Refund(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/invoices/void/productCode/{productCode}")]
    Task<CheddarDocument> Void(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/invoices/void-or-refund/productCode/{productCode}")]
    Task<CheddarDocument> VoidOrRefund(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/invoices/send-email/productCode/{productCode}")]
    Task<CheddarDocument> SendEmail(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}
