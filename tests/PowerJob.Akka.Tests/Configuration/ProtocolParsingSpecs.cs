using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

public class ProtocolParsingSpecs
{
    [Theory]
    [InlineData("HTTP", Protocol.Http)]
    [InlineData("http", Protocol.Http)]
    [InlineData("Http", Protocol.Http)]
    [InlineData(" akka ", Protocol.Akka)]
    [InlineData("aKKa", Protocol.Akka)]
    [InlineData("AKKA", Protocol.Akka)]
    public void Any_letter_case_and_surrounding_space_is_accepted(string raw, Protocol expected)
    {
        Assert.True(Protocols.TryParse(raw, out var protocol));
        Assert.Equal(expected, protocol);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("HTTPS")]
    [InlineData("ak ka")]
    public void Anything_else_is_rejected_rather_than_defaulted(string? raw)
    {
        Assert.False(Protocols.TryParse(raw, out _));
    }

    [Fact]
    public void Wire_names_are_upper_case_as_PowerJob_sends_them()
    {
        Assert.Equal("AKKA", Protocol.Akka.Name());
        Assert.Equal("HTTP", Protocol.Http.Name());
    }
}
