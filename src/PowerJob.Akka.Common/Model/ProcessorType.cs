namespace PowerJob.Akka.Model;

/// <summary>
/// PowerJob's kind of processor, with its codes. This runtime runs processors registered by name, which is PowerJob's
/// BUILT_IN; the type is stored and returned so PowerJob clients round-trip it.
/// </summary>
public enum ProcessorType
{
    BuiltIn = 1,
    Shell = 2,
    Python = 3,
    External = 4,
}
