using DemoSaaS.Cheddar.Xml;
using Refit;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Cheddar's plans section on the wire. Path values are URL-escaped by Refit.</summary>
internal interface ICheddarPlansApi
{
    [Get("/xml/plans/get/productCode/{productCode}")]
    Task<CheddarDocument> GetAll(string productCode, CancellationToken cancellationToken);

    [Get("/xml/plans/get/productCode/{productCode}/code/{planCode}")]
    Task<CheddarDocument> GetByCode(string productCode, string planCode, CancellationToken cancellationToken);

    [Get("/xml/plans/get/productCode/{productCode}/id/{planId}")]
    Task<CheddarDocument> GetById(string productCode, string planId, CancellationToken cancellationToken);
}
