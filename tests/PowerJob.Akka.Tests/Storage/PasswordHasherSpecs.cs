using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public class PasswordHasherSpecs
{
    [Fact]
    public void The_right_password_verifies_and_a_wrong_one_does_not()
    {
        var hash = PasswordHasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horse ", hash));
        Assert.False(PasswordHasher.Verify("", hash));
        Assert.DoesNotContain("correct horse", hash);
    }

    [Fact]
    public void Each_hash_has_its_own_salt()
    {
        var first = PasswordHasher.Hash("same");
        var second = PasswordHasher.Hash("same");

        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("same", second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Something_that_is_not_a_hash_never_verifies(string hash)
    {
        Assert.False(PasswordHasher.Verify("plain-text-password", hash));
    }
}
