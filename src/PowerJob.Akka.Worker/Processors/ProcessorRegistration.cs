namespace PowerJob.Akka.Worker.Processors;

/// <summary>A processor name and the type registered for it.</summary>
public sealed record ProcessorRegistration(string Name, Type ProcessorType);

/// <summary>The processors this worker can run, resolved from DI by name for every task.</summary>
public sealed class ProcessorCatalog(IEnumerable<ProcessorRegistration> registrations)
{
    private readonly IReadOnlyList<string> _names = registrations.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Names => _names;

    /// <summary>A fresh processor from <paramref name="services"/> (a per-task scope), or null with the reason.</summary>
    public IBasicProcessor? Resolve(IServiceProvider services, string name, out string? error)
    {
        var processor = string.IsNullOrEmpty(name) ? null : services.GetKeyedService<IBasicProcessor>(name);
        error = processor is null
            ? $"unknown processor '{name}'; registered processors: [{string.Join(", ", _names)}]"
            : null;
        return processor;
    }
}

public static class ProcessorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TProcessor"/> under <paramref name="name"/>, the job's processor info. A new instance
    /// is resolved (in its own DI scope) for every task, so processors may take scoped or transient dependencies.
    /// </summary>
    public static IServiceCollection AddPowerJobProcessor<TProcessor>(this IServiceCollection services, string name)
        where TProcessor : class, IBasicProcessor
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.ServiceType == typeof(ProcessorRegistration) && ((ProcessorRegistration)d.ImplementationInstance!).Name == name))
            throw new InvalidOperationException($"a PowerJob processor named '{name}' is already registered");
        services.AddKeyedTransient<IBasicProcessor, TProcessor>(name);
        services.AddSingleton(new ProcessorRegistration(name, typeof(TProcessor)));
        return services;
    }
}
