using Xunit.Abstractions;
using Xunit.Sdk;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>
/// A behaviour of <see cref="StoreSpecs"/>, run once per database. An attribute on an inherited method cannot
/// tell which concrete class runs it, so <see cref="StoreFactDiscoverer"/> looks at the class: in one tagged
/// <c>[Trait("Category", "Postgres")]</c> the test is reported as skipped when PostgreSQL is not configured.
/// </summary>
[XunitTestCaseDiscoverer("PowerJob.Akka.Tests.Storage.StoreFactDiscoverer", "PowerJob.Akka.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var skip = NeedsPostgres(testMethod.TestClass.Class) ? PostgresTestDatabase.SkipReason : null;
        return skip is null
            ? base.CreateTestCase(discoveryOptions, testMethod, factAttribute)
            : new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
    }

    private static bool NeedsPostgres(ITypeInfo testClass) =>
        testClass.GetCustomAttributes(typeof(TraitAttribute)).Any(trait =>
            trait.GetConstructorArguments().Cast<string>().SequenceEqual(["Category", "Postgres"]));
}
